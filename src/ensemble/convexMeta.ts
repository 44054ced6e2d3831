// The `convex` meta-learner: out = Σ_m softmax(α)_m · P[m] (α per model, or per model and class), so the weights
// are ≥ 0 and sum to 1 by construction. α is fitted by Adam on the out-of-fold mean negative log-likelihood with
// the combine-gradient and optim kernels: every step of the fit is encoded into one submit, on the GPU, reading
// nothing back until the fit is done.
import type { Engine } from '../gpu/engine.js';
import { destroyArray, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { withScope } from '../gpu/gpuScope.js';
import { Recorder, run } from '../gpu/recorder.js';
import { prepareCombine, prepareCombineGradient } from '../kernels/combine.js';
import { createAdamState, prepareAdam, prepareAdamStep, setAdamHyper } from '../kernels/optim.js';
import type { MetaLearner, MetaWeights } from './metaLearner.js';

export interface ConvexOptions {
  /** One weight per model and class instead of one per model. */
  perClass?: boolean;
  steps?: number;
  learningRate?: number;
}

const convexDefaults: Required<ConvexOptions> = { perClass: false, steps: 300, learningRate: 0.05 };

export function convexMeta(options: ConvexOptions = {}): MetaLearner {
  const o = { ...convexDefaults, ...options };
  let alpha: GpuArray | null = null;
  let finalLoss = NaN;
  return {
    kind: 'convex',
    params: o,
    acceptsFeatures: false,
    async fit(engine: Engine, p: GpuArray, labels: Uint32Array) {
      const [models, rows, classes] = p.shape;
      const shape = o.perClass ? [models, classes] : [models];
      // α = 0 starts from equal weights: the vote baseline. Everything but α dies with the fit's scope.
      const a = await withScope(engine, 'convex meta-learner fit', async (scope) => {
        const a = scope.array('convex α', shape);
        const y = scope.array('convex labels', [rows], labels, 'u32');
        const grad = scope.array('convex ∂loss/∂α', shape);
        const loss = scope.array('convex loss', [1]);
        const m = scope.array('convex Adam m', shape);
        const v = scope.array('convex Adam v', shape);
        const state = createAdamState(scope, 'convex α');
        setAdamHyper(engine, state, { lr: o.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
        const step = [...(await prepareCombineGradient(scope, p, a, y, grad, loss)), await prepareAdamStep(scope, state), await prepareAdam(scope, state, a, grad, m, v)];
        const recorder = new Recorder(engine, 'convex meta-learner fit');
        for (let s = 0; s < o.steps; s++) step.forEach((call) => recorder.dispatch(call));
        await recorder.submit();
        // One more gradient pass reports the loss at the final α.
        await run(engine, ...step.slice(0, 2));
        finalLoss = (await readArray(engine, loss))[0];
        if (!Number.isFinite(finalLoss)) throw new Error(`convex meta-learner: the out-of-fold negative log-likelihood is ${finalLoss}; some row has probability 0 for its class from every base model`);
        return scope.release(a);
      });
      if (alpha) destroyArray(alpha);
      alpha = a;
    },
    async predictProba(engine: Engine, p: GpuArray): Promise<GpuArray> {
      if (!alpha) throw new Error('convex meta-learner: predict before fit');
      const a = alpha;
      return withScope(engine, 'convex meta-learner predict', async (scope) => {
        const out = scope.array('convex combined probabilities', [p.shape[1], p.shape[2]]);
        await run(engine, await prepareCombine(scope, p, a, out));
        return scope.release(out);
      });
    },
    async weights(engine: Engine): Promise<MetaWeights> {
      if (!alpha) throw new Error('convex meta-learner: weights before fit');
      const values = await readArray(engine, alpha);
      const models = alpha.shape[0];
      if (!o.perClass) return { perModel: softmax(Array.from(values)), meaning: `softmax(α): convex weight per model (final out-of-fold NLL ${finalLoss.toFixed(5)})` };
      const classes = alpha.shape[1];
      const perClass = Array.from({ length: classes }, (_, c) => softmax(Array.from({ length: models }, (_, mi) => values[mi * classes + c])));
      const perModelClass = Array.from({ length: models }, (_, mi) => perClass.map((w) => w[mi]));
      return {
        perModel: perModelClass.map((w) => w.reduce((s, x) => s + x, 0) / classes),
        perModelClass,
        meaning: `softmax(α) over models for each class; perModel is its mean over classes (final out-of-fold NLL ${finalLoss.toFixed(5)})`,
      };
    },
    dispose() {
      if (alpha) destroyArray(alpha);
      alpha = null;
    },
  };
}

/** Softmax in float64 for reporting the weights (the kernel normalises in float32 the same way). */
export function softmax(values: number[]): number[] {
  const max = Math.max(...values);
  const e = values.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

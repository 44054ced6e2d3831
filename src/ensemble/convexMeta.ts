// The `convex` meta-learner: out = Σ_m softmax(α)_m · P[m] (α per model, or per model and class), so the weights
// are ≥ 0 and sum to 1 by construction. α is fitted by Adam on the out-of-fold mean negative log-likelihood with
// the combine-gradient and optim kernels: every step of the fit is encoded into one submit, on the GPU, reading
// nothing back until the fit is done.
import type { Engine } from '../gpu/engine.js';
import { createArray, destroyArray, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { Recorder, run } from '../gpu/recorder.js';
import { prepareCombine, prepareCombineGradient } from '../kernels/combine.js';
import { createAdamState, prepareAdam, prepareAdamStep, setAdamHyper } from '../kernels/optim.js';
import { EngineError } from '../gpu/errors.js';
import type { MetaLearner, MetaWeights } from './metaLearner.js';
import { NotFittedError } from './errors.js';

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
      // α = 0 starts from equal weights: the vote baseline.
      const a = createArray(engine, 'convex α', shape);
      const owned = [
        createArray(engine, 'convex labels', [rows], labels, 'u32'),
        createArray(engine, 'convex ∂loss/∂α', shape),
        createArray(engine, 'convex loss', [1]),
        createArray(engine, 'convex Adam m', shape),
        createArray(engine, 'convex Adam v', shape),
      ];
      const [y, grad, loss, m, v] = owned;
      const state = createAdamState(engine, 'convex α');
      try {
        setAdamHyper(engine, state, { lr: o.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
        const step = [...(await prepareCombineGradient(engine, p, a, y, grad, loss)), await prepareAdamStep(engine, state), await prepareAdam(engine, state, a, grad, m, v)];
        const recorder = new Recorder(engine, 'convex meta-learner fit');
        for (let s = 0; s < o.steps; s++) step.forEach((call) => recorder.dispatch(call));
        await recorder.submit();
        // One more gradient pass reports the loss at the final α.
        await run(engine, ...step.slice(0, 2));
        finalLoss = (await readArray(engine, loss))[0];
        if (!Number.isFinite(finalLoss)) throw new EngineError(`convex meta-learner: the out-of-fold negative log-likelihood is ${finalLoss}; some row has probability 0 for its class from every base model`);
      } catch (error) {
        destroyArray(a);
        throw error;
      } finally {
        owned.forEach(destroyArray);
        destroyArray(state.progress);
        state.hyper.destroy();
      }
      if (alpha) destroyArray(alpha);
      alpha = a;
    },
    async predictProba(engine: Engine, p: GpuArray): Promise<GpuArray> {
      if (!alpha) throw new NotFittedError('convex meta-learner', 'predictProba');
      const out = createArray(engine, 'convex combined probabilities', [p.shape[1], p.shape[2]]);
      await run(engine, await prepareCombine(engine, p, alpha, out));
      return out;
    },
    async weights(engine: Engine): Promise<MetaWeights> {
      if (!alpha) throw new NotFittedError('convex meta-learner', 'weights');
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

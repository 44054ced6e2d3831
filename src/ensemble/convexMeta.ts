// The `convex` meta-learner: out = Σ_m softmax(α)_m · P[m] (α per model, or per model and class), so the weights
// are ≥ 0 and sum to 1 by construction. α is fitted by Adam on the out-of-fold mean negative log-likelihood with
// the combine-gradient and optim kernels: every step of the fit is encoded into one submit, on the GPU, reading
// nothing back until the fit is done.
import type { Engine } from '../gpu/engine.js';
import { EngineError } from '../errors.js';
import { destroyArray, readArray, type GpuArray } from '../gpu/gpuArray.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { Recorder, run } from '../gpu/recorder.js';
import { prepareCombine, prepareCombineGradient } from '../kernels/combine.js';
import { createAdamState, defaultAdamHyper, prepareAdam, prepareAdamStep, setAdamHyper } from '../kernels/optim.js';
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
  return new ConvexMeta({ ...convexDefaults, ...options });
}

class ConvexMeta implements MetaLearner {
  readonly kind = 'convex';
  readonly acceptsFeatures = false;
  private alpha: GpuArray | null = null;
  private finalLoss = NaN;

  constructor(readonly params: Required<ConvexOptions>) {}

  async fit(engine: Engine, p: GpuArray, labels: Uint32Array): Promise<void> {
    const [models, , classes] = p.shape;
    // α = 0 starts from equal weights: the vote baseline. Everything but α dies with the fit's scope.
    const { alpha, finalLoss } = await withScope(engine, 'convex meta-learner fit', async (scope) => {
      const alpha = scope.array('convex α', this.params.perClass ? [models, classes] : [models]);
      const finalLoss = await descend(engine, scope, p, labels, alpha, this.params);
      return { alpha: scope.release(alpha), finalLoss };
    });
    this.dispose();
    this.alpha = alpha;
    this.finalLoss = finalLoss;
  }

  async predictProba(engine: Engine, p: GpuArray): Promise<GpuArray> {
    const alpha = this.alpha;
    if (!alpha) throw new NotFittedError('convex meta-learner', 'predictProba');
    return withScope(engine, 'convex meta-learner predict', async (scope) => {
      const out = scope.array('convex combined probabilities', [p.shape[1], p.shape[2]]);
      await run(engine, await prepareCombine(scope, p, alpha, out));
      return scope.release(out);
    });
  }

  async weights(engine: Engine): Promise<MetaWeights> {
    if (!this.alpha) throw new NotFittedError('convex meta-learner', 'weights');
    const values = Array.from(await readArray(engine, this.alpha));
    const nll = `final out-of-fold NLL ${this.finalLoss.toFixed(5)}`;
    if (!this.params.perClass) return { perModel: softmax(values), meaning: `softmax(α): convex weight per model (${nll})` };
    const [models, classes] = this.alpha.shape;
    const perClass = Array.from({ length: classes }, (_, c) => softmax(Array.from({ length: models }, (_, m) => values[m * classes + c])));
    const perModelClass = Array.from({ length: models }, (_, m) => perClass.map((w) => w[m]));
    return {
      perModel: perModelClass.map((w) => w.reduce((s, x) => s + x, 0) / classes),
      perModelClass,
      meaning: `softmax(α) over models for each class; perModel is its mean over classes (${nll})`,
    };
  }

  dispose(): void {
    if (this.alpha) destroyArray(this.alpha);
    this.alpha = null;
  }
}

/** Adam on the out-of-fold mean NLL, every step in one submit, its buffers in `scope`; returns the loss at the final α. */
async function descend(engine: Engine, scope: GpuScope, p: GpuArray, labels: Uint32Array, alpha: GpuArray, o: Required<ConvexOptions>): Promise<number> {
  const y = scope.array('convex labels', [p.shape[1]], labels, 'u32');
  const grad = scope.array('convex ∂loss/∂α', alpha.shape);
  const loss = scope.array('convex loss', [1]);
  const m = scope.array('convex Adam m', alpha.shape);
  const v = scope.array('convex Adam v', alpha.shape);
  const state = createAdamState(scope, 'convex α');
  setAdamHyper(engine, state, { ...defaultAdamHyper, lr: o.learningRate });
  const step = [...(await prepareCombineGradient(scope, p, alpha, y, grad, loss)), await prepareAdamStep(scope, state), await prepareAdam(scope, state, alpha, grad, m, v)];
  const recorder = new Recorder(engine, 'convex meta-learner fit');
  for (let s = 0; s < o.steps; s++) step.forEach((call) => recorder.dispatch(call));
  await recorder.submit();
  // One more gradient pass reports the loss at the final α.
  await run(engine, ...step.slice(0, 2));
  const finalLoss = (await readArray(engine, loss))[0];
  if (!Number.isFinite(finalLoss)) throw new EngineError(`convex meta-learner: the out-of-fold negative log-likelihood is ${finalLoss}; some row has probability 0 for its class from every base model`);
  return finalLoss;
}

/** Softmax in float64 for reporting the weights (the kernel normalises in float32 the same way). */
export function softmax(values: number[]): number[] {
  const max = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const e = values.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

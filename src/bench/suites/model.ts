// model: the user's own tfjs model (`bench model --from DIR|model.json|URL`) timed in predict, and for a
// LayersModel in fit (one trainOnBatch step), on tfjs's kernels and with stacklab's registered in tfjs (the
// drop-in). Each implementation runs a fresh copy of the model from the same files, on the same inputs, so
// both start from the same weights; the drop-in's impl comes first, so the speedup is tfjs / tfjs+stacklab. Beside
// the timed runs, each implementation's calls are profiled kernel by kernel (kernelTimer.ts).
import { ArgumentError, BadInputError, StacklabError } from '../../errors.js';
import type { Engine } from '../../gpu/engine.js';
import { finished } from '../../gpu/recorder.js';
import { tf } from '../../gpu/tfjsBackend.js';
import { concat } from '../../data/concat.js';
import { buildModel, benchModelArtifacts, modelInputs, inputTensors, type BenchModel, type LoadedModel, type ModelInput } from '../benchModel.js';
import type { GpuTimes, Impl } from '../impl.js';
import { caseSeed } from '../inputs.js';
import { kernelBreakdown } from '../kernelBreakdown.js';
import { profileKernels, type ProfiledCall } from '../kernelTimer.js';
import type { CaseSpec, Suite } from '../suite.js';
import { withStacklabKernels } from '../tfjsDropInImpl.js';
import { defaultBudgetMs } from '../watchdog.js';
import { submitTfjsWork } from '../tfjsImpl.js';

type ModelOp = 'predict' | 'fit';

const learningRate = 1e-3;

/** What every implementation of one case starts from: the same files, inputs and targets. */
interface ModelCase {
  model: BenchModel;
  artifacts: tf.io.ModelArtifacts;
  op: ModelOp;
  inputs: ModelInput[];
  /** fit's targets: one per model output, with the batch first. */
  targetShapes: number[][];
  seed: number;
}

const asList = (result: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor[] =>
  result instanceof tf.Tensor ? [result] : Array.isArray(result) ? result : Object.values(result);

/** fit's targets: uniform in [0, 1), regressed with mean squared error, whatever loss the model was saved with. */
function randomTargets(shapes: readonly number[][], seed: number): tf.Tensor[] {
  return inputTensors(shapes.map((shape, i) => ({ name: `target ${i}`, shape, dtype: 'float32' })), seed);
}

function compileForFit(model: tf.LayersModel): void {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });
}

/** One call of the model: predict, or one trainOnBatch step; returns the outputs predict made. */
async function callModel(model: LoadedModel, op: ModelOp, xs: tf.Tensor[], ys: tf.Tensor[]): Promise<tf.Tensor[]> {
  const input = xs.length === 1 ? xs[0] : xs;
  if (op === 'fit') {
    await (model as tf.LayersModel).trainOnBatch(input, ys.length === 1 ? ys[0] : ys);
    return [];
  }
  return asList(model.predict(input));
}

/** The per-iteration totals of fenced runs as the harness's GPU times (the per-kernel detail goes to kernelBreakdown). */
function fencedGpuTimes(runs: readonly ProfiledCall[]): GpuTimes {
  const perIterationNs = runs.map((run) => BigInt(Math.round(run.kernels.reduce((sum, k) => sum + k.ms, 0) * 1e6)));
  return { perIterationNs, deltasNs: perIterationNs, dispatches: runs[0].kernels.map((k) => ({ name: k.name, startNs: null, durationNs: k.ms * 1e6 })), profile: [] };
}

/** A fresh copy of the case's model, called as the harness asks; built on the first call. */
function modelImpl(engine: Engine, data: ModelCase, compileMs: number | null): Impl {
  let model: LoadedModel | null = null;
  const built = buildModel(data.model, data.artifacts).then((m) => {
    if (data.op === 'fit') compileForFit(m as tf.LayersModel);
    return (model = m);
  });
  const xs = inputTensors(data.inputs, data.seed);
  const ys = data.op === 'fit' ? randomTargets(data.targetShapes, data.seed + 1) : [];
  let predicted: tf.Tensor[] = [];
  let profiled: ProfiledCall[] = [];
  const call = async () => {
    const m = await built;
    tf.dispose(predicted);
    predicted = await callModel(m, data.op, xs, ys);
  };
  return {
    name: 'tfjs',
    compileMs,
    enqueue: call,
    flush: async () => submitTfjsWork(),
    async gpuTimes(iterations) {
      profiled = [];
      for (let i = 0; i < iterations; i++) profiled.push(await profileKernels(engine, call));
      if (profiled[0].clock !== 'GPU timestamps') return { unavailable: 'the device has no timestamp-query feature: the per-kernel times are on the wall clock' };
      return fencedGpuTimes(profiled);
    },
    async kernelBreakdown() {
      const counts = engine.memory.counts();
      return kernelBreakdown(profiled, {
        tfjsBytes: tf.memory().numBytes,
        tfjsPeakBytes: Math.max(0, ...profiled.map((run) => run.peakTfjsBytes)),
        engineLiveGpuBytes: counts.liveGpuBytes,
        enginePeakGpuBytes: counts.peakGpuBytes,
      });
    },
    async outputs() {
      const tensors = data.op === 'fit' ? (model as tf.LayersModel | null)?.getWeights() ?? [] : predicted;
      return concat(await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data()))));
    },
    dispose() {
      tf.dispose([...predicted, ...xs, ...ys]);
      predicted = [];
      if (model instanceof tf.LayersModel) model.optimizer?.dispose();
      model?.dispose();
    },
  };
}

/**
 * The first call of a fresh copy of the model, timed to its outputs read back: tfjs compiles its pipelines and
 * uploads the weights here. A model that cannot take the inputs fails here, with tfjs's words (which name the layer
 * and both shapes). Returns the time and the largest |output| (for predict's tolerance).
 */
async function firstCall(engine: Engine, data: ModelCase): Promise<{ ms: number; largestOutput: number }> {
  const impl = modelImpl(engine, data, null);
  try {
    const started = performance.now();
    try {
      await impl.enqueue();
      await impl.flush();
      await finished(engine);
    } catch (error) {
      if (error instanceof StacklabError) throw error;
      const shapes = data.inputs.map((input) => `${input.name} [${input.shape.join(', ')}]`).join(', ');
      throw new BadInputError(`${data.model.source}: the model cannot ${data.op} inputs of shape ${shapes}: ${(error as Error).message}`);
    }
    const outputs = await impl.outputs();
    const ms = performance.now() - started;
    return { ms, largestOutput: outputs.reduce((max, v) => Math.max(max, Math.abs(v)), 0) };
  } finally {
    impl.dispose?.();
  }
}

/** Output shapes of a LayersModel at `batch`, for fit's targets; BadInputError for one left free after the batch. */
function outputShapes(model: BenchModel, loaded: LoadedModel, batch: number): number[][] {
  if (!(loaded instanceof tf.LayersModel)) return [];
  return loaded.outputs.map((output) => {
    const shape = [batch, ...output.shape.slice(1)];
    if (shape.some((d) => d === null)) throw new BadInputError(`${model.source}: output "${output.name}" has shape [${output.shape.join(', ')}], free beyond the batch: fit needs targets of a known shape`);
    return shape as number[];
  });
}

const tolerances = {
  // Adam's first step moves each weight by at most lr whatever the gradient, so two correct steps differ by < 2·lr.
  fit: () => ({ tolerance: 2 * learningRate, rule: `2·lr (Adam's first-step bound), lr = ${learningRate}` }),
  // Two orders of summation differ by far less than 1e-3 of the outputs' scale through any model of float32 layers.
  predict: (largest: number) => ({ tolerance: 1e-3 * Math.max(1, largest), rule: `1e-3 · max(1, largest |output| = ${largest.toPrecision(3)})` }),
};

export const modelSuite: Suite = {
  name: 'model',
  metric: 'modelSteps',
  shapeMeaning: 'BATCH (the batch of each model call; with --from, bench model only)',
  defaultShapes: () => [[1]],
  cases(list, { model }) {
    if (!model) return [];
    const ops: ModelOp[] = model.kind === 'layers' ? ['predict', 'fit'] : ['predict'];
    return list.flatMap((shape) => {
      if (shape.length !== 1) throw new ArgumentError(`bench model: each shape is one number, the batch; got ${shape.join('x')}`);
      return ops.map((op) => ({ suite: 'model', name: `${op} batch ${shape[0]}`, shape: { batch: shape[0] }, form: { op } }));
    });
  },
  async prepare(engine, spec: CaseSpec, { model }) {
    if (!model) throw new ArgumentError('bench model needs a model: --from DIR|model.json|URL');
    const op = spec.form?.op as ModelOp;
    const batch = spec.shape.batch;
    const artifacts = await benchModelArtifacts(model);
    const probe = await buildModel(model, artifacts);
    let inputs: ModelInput[];
    let targetShapes: number[][];
    try {
      inputs = modelInputs(model, probe, batch);
      targetShapes = op === 'fit' ? outputShapes(model, probe, batch) : [];
    } finally {
      probe.dispose();
    }
    const data: ModelCase = { model, artifacts, op, inputs, targetShapes, seed: caseSeed(spec.name) };
    // tfjs first, so its first call is the cold one: its pipelines are compiled for both implementations there.
    const cold = await firstCall(engine, data);
    const tfjs = modelImpl(engine, data, cold.ms);
    let withStacklab: Impl;
    try {
      withStacklab = await withStacklabKernels(engine, () => modelImpl(engine, data, null));
    } catch (error) {
      tfjs.dispose?.();
      throw error;
    }
    const tolerance = op === 'fit' ? tolerances.fit() : tolerances.predict(cold.largestOutput);
    return {
      impls: [withStacklab, tfjs],
      tolerance: tolerance.tolerance,
      toleranceRule: tolerance.rule,
      work: { flops: 0, bytes: 0, modelSteps: 1 },
      // The model's work is not counted: a steady call gets ten times the cold first call (compile included).
      budgetMs: defaultBudgetMs({ flops: 0, bytes: 0 }) + 10 * cold.ms,
      dispose() {},
    };
  },
};

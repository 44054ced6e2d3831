// The two MLPs as learners: `mlp` trains on the custom kernels (GPU-resident epochs) and predicts straight into
// a GPU array; `tfjs-mlp` is the same network in tfjs layers on the same device.
import type { Dataset } from '../data/dataset.js';
import type { Engine } from '../gpu/engine.js';
import { createArray, destroyArray, type GpuArray } from '../gpu/gpuArray.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { initialWeights } from '../nn/init.js';
import { Mlp } from '../nn/mlp.js';
import { MlpBatch } from '../nn/mlpBatch.js';
import { mlpSpec } from '../nn/mlpSpec.js';
import { buildTfjsMlp, fitTfjsMlp } from '../nn/tfjsMlp.js';
import { defaultTrainOptions, type TrainOptions } from '../nn/trainOptions.js';
import type { FoldFit, FoldModels, Learner, Matrix } from './learner.js';
import { ownedArrayFromTensor } from './tensorArrays.js';
import { NotFittedError } from './errors.js';

export interface MlpLearnerOptions extends Partial<Omit<TrainOptions, 'onEpoch'>> {
  hidden?: number[];
}

function settings(options: MlpLearnerOptions, seed: number) {
  return { hidden: options.hidden ?? [64], ...defaultTrainOptions, epochs: 30, ...options, seed };
}

export function mlpLearner(seed: number, options: MlpLearnerOptions = {}): Learner {
  const s = settings(options, seed);
  let model: Mlp | null = null;
  return {
    name: 'mlp',
    params: s,
    async fit(engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      model = new Mlp(engine, mlpSpec(x.cols, s.hidden, classes), { seed });
      await model.fit({ features: x.features, labels: y, rows: x.rows, cols: x.cols }, s);
    },
    /** The refit (the first member) and the k fold models as one MlpBatch over x, uploaded once. */
    async fitFolds(engine: Engine, x: Matrix, y: Uint32Array, classes: number, folds: readonly FoldFit[]): Promise<FoldModels> {
      const spec = mlpSpec(x.cols, s.hidden, classes);
      const all = Uint32Array.from({ length: x.rows }, (_, i) => i);
      // The refit (every row) first: the folds' batches run out sooner, and a batch runs over its leading models only.
      const members = [{ seed, learningRate: s.learningRate, trainRows: all }, ...folds.map((f) => ({ seed: f.seed, learningRate: s.learningRate, trainRows: f.rows }))];
      const batch = new MlpBatch(engine, spec, members);
      try {
        await batch.fit({ features: x.features, labels: y, rows: x.rows, cols: x.cols }, { epochs: s.epochs, batchSize: s.batchSize });
        model = new Mlp(engine, spec, { weights: await batch.weights(0) });
      } catch (error) {
        batch.dispose();
        throw error;
      }
      return {
        async predictProba(engine: Engine, fold: number, rows: Matrix): Promise<GpuArray> {
          return createArray(engine, `mlp fold ${fold + 1} probabilities`, [rows.rows, classes], await batch.predictProba(fold + 1, rows.features, rows.rows));
        },
        dispose: () => batch.dispose(),
      };
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!model) throw new NotFittedError('mlp', 'predictProba');
      const input = createArray(engine, 'mlp learner X', [x.rows, x.cols], x.features);
      try {
        return await model.predictProbaArray(input);
      } finally {
        destroyArray(input);
      }
    },
    dispose() {
      model?.dispose();
      model = null;
    },
  };
}

export function tfjsMlpLearner(seed: number, options: MlpLearnerOptions = {}): Learner {
  const s = settings(options, seed);
  let model: tf.Sequential | null = null;
  return {
    name: 'tfjs-mlp',
    params: s,
    async fit(engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      await bindTfjs(engine);
      const spec = mlpSpec(x.cols, s.hidden, classes);
      model = buildTfjsMlp(spec, initialWeights(spec, seed));
      const rows: Dataset = {
        features: x.features,
        labels: y,
        rows: x.rows,
        cols: x.cols,
        featureNames: [],
        classNames: Array.from({ length: classes }, (_, c) => String(c)),
        source: 'tfjs-mlp learner',
      };
      await fitTfjsMlp(model, rows, s);
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!model) throw new NotFittedError('tfjs-mlp', 'predictProba');
      const input = tf.tensor2d(x.features, [x.rows, x.cols]);
      const probs = model.predict(input) as tf.Tensor;
      try {
        return await ownedArrayFromTensor(engine, probs, 'tfjs-mlp probabilities');
      } finally {
        tf.dispose([input, probs]);
      }
    },
    dispose() {
      model?.dispose();
      model = null;
    },
  };
}

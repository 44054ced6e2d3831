// tfjs-model: an unmodified tfjs LayersModel (a ReLU MLP) timed in model.fit (one epoch of one batch) and
// model.predict, with stacklab's kernels registered in tfjs (the drop-in) against tfjs's own kernels. Both start
// from the same weights; the drop-in's impl comes first, so the speedup is tfjs / tfjs+stacklab.
import { randomFloats, seededRandom } from '../../data/random.js';
import { tf } from '../../gpu/tfjsBackend.js';
import { initialWeights } from '../../nn/init.js';
import type { LayerWeights, MlpSpec } from '../../nn/mlpSpec.js';
import { buildTfjsMlp, compileTfjsMlp } from '../../nn/tfjsMlp.js';
import { defaultTrainOptions } from '../../nn/trainOptions.js';
import { oneHot } from '../../nn/oneHot.js';
import { concat } from '../../data/concat.js';
import type { Impl } from '../impl.js';
import { caseSeed } from '../inputs.js';
import type { CaseSpec, Suite } from '../suite.js';
import { withStacklabKernels } from '../tfjsDropInImpl.js';
import { submitTfjsWork } from '../tfjsImpl.js';
import { mlpOfCase, mlpShapeMeaning, mlpShapeRecords } from './mlpCases.js';

type ModelOp = 'fit' | 'predict';

const shapes = {
  // The 3 × 1024 ReLU MLP at batch 1024; on a fallback adapter a small one of the same form.
  quick: [[64, 64, 64, 64, 64, 10]],
  full: [[1024, 1024, 1024, 1024, 1024, 10]],
};
const learningRate = defaultTrainOptions.learningRate;

interface ModelCase {
  spec: MlpSpec;
  weights: readonly LayerWeights[];
  features: Float32Array;
  labels: Uint32Array;
}

/** A fresh model on the case's weights, timed in `op`; the outputs are the weights after fit, the probabilities after predict. */
function modelImpl(data: ModelCase, op: ModelOp): Impl {
  const { spec, weights, features, labels } = data;
  const batch = labels.length;
  const model = buildTfjsMlp(spec, weights);
  compileTfjsMlp(model, learningRate);
  const xs = tf.tensor2d(features, [batch, spec.layers[0].inputs]);
  const ys = oneHot(labels, spec.layers[spec.layers.length - 1].units);
  let predicted: tf.Tensor | null = null;
  return {
    name: 'tfjs',
    compileMs: null,
    async enqueue() {
      if (op === 'fit') {
        await model.fit(xs, ys, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
        return;
      }
      predicted?.dispose();
      predicted = model.predict(xs) as tf.Tensor;
    },
    flush: async () => submitTfjsWork(),
    async gpuTimes() {
      return { unavailable: 'model.fit and model.predict are timed on the wall clock only' };
    },
    async outputs() {
      const tensors = op === 'fit' ? model.getWeights() : predicted ? [predicted] : [];
      return concat(await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data()))));
    },
    dispose() {
      predicted?.dispose();
      model.optimizer?.dispose();
      model.dispose();
      tf.dispose([xs, ys]);
    },
  };
}

const tolerances: Record<ModelOp, { tolerance: number; rule: string }> = {
  // Adam's first step moves each weight by at most lr whatever the gradient, so two correct steps differ by < 2·lr.
  fit: { tolerance: 2 * learningRate, rule: `2·lr (Adam's first-step bound), lr = ${learningRate}` },
  // Softmax outputs: logits within γ_1024·Σ|a·b| ≈ 6e-5 relative per layer with O(1) activations.
  predict: { tolerance: 1e-3, rule: '1e-3 on softmax outputs (γ_K·Σ|a·b| per layer, K ≤ 1024, O(1) activations)' },
};

export const tfjsModelSuite: Suite = {
  name: 'tfjs-model',
  metric: 'gflops',
  shapeMeaning: `${mlpShapeMeaning}; each shape is a fit case and a predict case`,
  defaultShapes: (sweep) => shapes[sweep],
  cases(list) {
    return mlpShapeRecords('tfjs-model', list).flatMap((shape, i) =>
      (['fit', 'predict'] as const).map((op) => ({ suite: 'tfjs-model', name: `${op} ${list[i].join('x')}`, shape, form: { op } })),
    );
  },
  async prepare(engine, spec: CaseSpec) {
    const op = spec.form?.op as ModelOp;
    const { batch, inputs, classes, model } = mlpOfCase(spec);
    const seed = caseSeed(spec.name);
    const random = seededRandom(seed);
    const data: ModelCase = {
      spec: model,
      weights: initialWeights(model, seed),
      features: randomFloats(batch * inputs, random),
      labels: Uint32Array.from({ length: batch }, () => random.int(classes)),
    };
    const products = model.layers.reduce((n, l) => n + l.inputs * l.units, 0);
    // fit: forward, dW and dX products (the first layer needs no dX); predict: the forward products.
    const flops = op === 'fit' ? 6 * batch * products - 2 * batch * inputs * model.layers[0].units : 2 * batch * products;
    return {
      impls: [await withStacklabKernels(engine, () => modelImpl(data, op)), modelImpl(data, op)],
      tolerance: tolerances[op].tolerance,
      toleranceRule: tolerances[op].rule,
      work: { flops, bytes: 0 },
      dispose() {},
    };
  },
};

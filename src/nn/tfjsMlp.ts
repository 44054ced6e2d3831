// The same MLP in tfjs layers (on the webgpu backend bound to the engine's device), for comparison with the
// custom kernels: same layers, same initial weights, same batches in the same order, same Adam (nn/tfjsFit).
import type { Dataset } from '../data/dataset.js';
import { tf } from '../gpu/tfjsBackend.js';
import { adamEpsilon, fitClassifier } from './tfjsFit.js';
import { oneHot } from './oneHot.js';
import { checkWeights, type LayerWeights, type MlpSpec } from './mlpSpec.js';
import type { TrainHistory, TrainOptions } from './trainOptions.js';

/**
 * A Sequential of Dense layers whose last one ends in `output`: softmax for a classifier, linear for a regressor.
 * Call bindTfjs(engine) first.
 */
export function buildTfjsMlp(spec: MlpSpec, weights?: readonly LayerWeights[], output: 'softmax' | 'linear' = 'softmax'): tf.Sequential {
  const model = tf.sequential();
  spec.layers.forEach((layer, i) => {
    const last = i === spec.layers.length - 1;
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: last ? output : layer.activation,
        ...(i === 0 ? { inputShape: [layer.inputs] } : {}),
      }),
    );
  });
  if (weights) setTfjsWeights(model, spec, weights);
  return model;
}

function setTfjsWeights(model: tf.LayersModel, spec: MlpSpec, weights: readonly LayerWeights[]): void {
  checkWeights(spec, weights);
  model.layers.forEach((layer, i) => {
    const { inputs, units } = spec.layers[i];
    const tensors = [tf.tensor2d(weights[i].w, [inputs, units]), tf.tensor1d(weights[i].b)];
    layer.setWeights(tensors);
    tf.dispose(tensors);
  });
}

export function compileTfjsMlp(model: tf.LayersModel, learningRate: number): void {
  model.compile({ optimizer: tf.train.adam(learningRate, 0.9, 0.999, adamEpsilon), loss: 'categoricalCrossentropy' });
}

/** Trains on the rows in epochOrder(seed, epoch), the batches the custom trainer takes (see fitClassifier). */
export async function fitTfjsMlp(model: tf.LayersModel, train: Dataset, options: TrainOptions): Promise<TrainHistory> {
  const x = tf.tensor2d(train.features, [train.rows, train.cols]);
  const y = oneHot(train.labels, train.classNames.length);
  try {
    return await fitClassifier(model, x, y, options);
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * Class probabilities, row-major [rows × classes], of a tfjs model for `features` [rows × cols]. Asynchronous: the
 * webgpu backend's dataSync needs OffscreenCanvas, which Node lacks.
 */
export async function tfjsPredictProba(model: tf.LayersModel, features: Float32Array, cols: number): Promise<Float32Array> {
  const x = tf.tensor2d(features, [features.length / cols, cols]);
  const probs = model.predict(x) as tf.Tensor;
  try {
    return (await probs.data()) as Float32Array;
  } finally {
    tf.dispose([x, probs]);
  }
}

/** Layer weights as the custom MLP holds them. */
export async function tfjsWeights(model: tf.LayersModel): Promise<LayerWeights[]> {
  return Promise.all(
    model.layers.map(async (layer) => {
      const [w, b] = layer.getWeights();
      return { w: (await w.data()) as Float32Array, b: (await b.data()) as Float32Array };
    }),
  );
}

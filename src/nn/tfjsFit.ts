// The one seeded tfjs training loop: minibatch Adam on a classifier's trainable weights, batches in epochOrder (the
// order the custom kernels take), so runs repeat and the two implementations see the same batches. A plain loop
// rather than fit(): fit shuffles with Math.random, and this loop can take its inputs a batch at a time (a model
// over 224×224 images never needs the whole training set as one tensor), and can take each batch a micro-batch at a
// time with the gradients summed (batchGradients.ts), so a batch's activations need not fit in memory at once.
import { tf } from '../gpu/tfjsBackend.js';
import { batchGradients } from './batchGradients.js';
import { epochOrder } from './epochOrder.js';
import { BadInputError } from '../errors.js';
import { defaultAdamHyper } from '../kernels/optim.js';
import type { TrainHistory } from './trainOptions.js';

/** Every layer of the model is frozen: there is nothing for the optimizer to change. */
export class NothingToTrainError extends BadInputError {}

/** Adam's ε as the custom optimizer uses it (tfjs's default is the backend's, 1e-7), so both train alike. */
export const adamEpsilon = defaultAdamHyper.epsilon;

/** Model inputs for these rows of the training set: a tensor to gather from, or a function that builds a batch. */
export type BatchInputs = tf.Tensor | ((rows: Uint32Array) => tf.Tensor);

export interface FitClassifierOptions {
  /** Upper bound on epochs. */
  epochs: number;
  batchSize: number;
  /**
   * Rows per forward and backward pass (bounds activation memory); each optimizer step sums the gradients of its
   * batch's micro-batches, so the step equals one pass over the batch up to float rounding. Default: the batch.
   */
  microBatchSize?: number;
  learningRate: number;
  seed: number;
  /** Upper bound on optimizer steps over all epochs (the step budget); default: no bound. */
  maxSteps?: number;
  /** Stop after an epoch whose training loss is below this; default: never early. */
  stopLoss?: number;
  /** Run the model in training mode (dropout on, unfrozen BatchNorm on batch statistics). Default true. */
  training?: boolean;
  onEpoch?: (epoch: number, loss: number, ms: number) => void;
  /** After every optimizer step, with the steps taken so far. */
  onStep?: (steps: number) => void;
}

export interface FitClassifierResult extends TrainHistory {
  steps: number;
}

function batchInput(inputs: BatchInputs, rows: Uint32Array): tf.Tensor {
  if (typeof inputs === 'function') return inputs(rows);
  return tf.tidy(() => tf.gather(inputs, tf.tensor1d(Int32Array.from(rows), 'int32')));
}

/** Trains `model`'s trainable weights on inputs → one-hot `y` ([rows, classes]); each epoch's loss is the row mean. */
export async function fitClassifier(model: tf.LayersModel, inputs: BatchInputs, y: tf.Tensor, options: FitClassifierOptions): Promise<FitClassifierResult> {
  const preparing = performance.now();
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length === 0) throw new NothingToTrainError(`${model.name}: nothing to train (every layer is frozen)`);
  const rows = y.shape[0];
  const batchSize = Math.min(options.batchSize, rows);
  const microBatchSize = Math.max(1, Math.min(options.microBatchSize ?? batchSize, batchSize));
  const maxSteps = options.maxSteps ?? Infinity;
  const training = options.training ?? true;
  const optimizer = tf.train.adam(options.learningRate, 0.9, 0.999, adamEpsilon);
  const history: FitClassifierResult = { loss: [], epochMs: [], setupMs: performance.now() - preparing, steps: 0 };
  try {
    for (let epoch = 0; epoch < options.epochs && history.steps < maxSteps; epoch++) {
      const started = performance.now();
      const order = epochOrder(rows, options.seed, epoch);
      let lossSum: tf.Scalar = tf.scalar(0);
      let seen = 0;
      for (let start = 0; start < rows && history.steps < maxSteps; start += batchSize) {
        const batch = order.subarray(start, Math.min(rows, start + batchSize));
        const { loss, grads } = batchGradients(model, variables, (micro) => batchInput(inputs, micro), y, batch, microBatchSize, training);
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        // Weighted by the batch's rows, so a short last batch counts for what it holds.
        const sum = tf.tidy(() => lossSum.add(loss.mul(batch.length)) as tf.Scalar);
        tf.dispose([lossSum, loss, ...Object.values(grads)]);
        lossSum = sum;
        seen += batch.length;
        history.steps++;
        options.onStep?.(history.steps);
      }
      const loss = (await lossSum.data())[0] / seen;
      lossSum.dispose();
      const ms = performance.now() - started;
      history.loss.push(loss);
      history.epochMs.push(ms);
      options.onEpoch?.(epoch, loss, ms);
      if (options.stopLoss !== undefined && loss < options.stopLoss) break;
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}

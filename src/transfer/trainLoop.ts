// Minibatch training of a softmax classifier with Adam, on tensors already on the GPU. A plain loop rather than
// fit(): batches come from a seeded shuffle (fit shuffles with Math.random), and nothing is read back per batch.
import { tf } from '../gpu/tfjsBackend.js';
import { permutation, seededRandom } from '../data/random.js';
import { accuracy as countAccuracy } from '../nn/mlp.js';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Called after each minibatch (1-based index, batches per epoch, epoch) so a long fit can show progress. */
  onBatch?: (batch: number, batchesPerEpoch: number, epoch: number) => void;
}

/** Trains `model`'s trainable weights on x → one-hot y; returns the mean loss of each epoch. */
export async function fitClassifier(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions): Promise<number[]> {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length === 0) throw new Error(`${model.name}: nothing to train (every layer is frozen)`);
  const n = x.shape[0];
  const batchSize = Math.min(options.batchSize, n);
  const optimizer = tf.train.adam(options.learningRate);
  const random = seededRandom(options.seed);
  const epochLosses: tf.Scalar[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = permutation(n, random);
    let lossSum: tf.Scalar = tf.scalar(0);
    let batches = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = tf.tensor1d(Int32Array.from(order.subarray(start, Math.min(n, start + batchSize))), 'int32');
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const probabilities = model.apply(tf.gather(x, rows), { training: true }) as tf.Tensor;
            return tf.metrics.categoricalCrossentropy(tf.gather(y, rows), probabilities).mean() as tf.Scalar;
          }),
        true,
        variables,
      ) as tf.Scalar;
      const sum = lossSum.add(loss) as tf.Scalar;
      tf.dispose([lossSum, loss, rows]);
      lossSum = sum;
      batches++;
      options.onBatch?.(batches, Math.ceil(n / batchSize), epoch);
    }
    epochLosses.push(lossSum.div(batches) as tf.Scalar);
    lossSum.dispose();
  }
  const losses = tf.stack(epochLosses);
  const values = Array.from(await losses.data());
  tf.dispose([losses, ...epochLosses]);
  optimizer.dispose();
  return values;
}

/** Fraction of rows whose most probable class is the label. */
export async function accuracy(probabilities: tf.Tensor, labels: ArrayLike<number>): Promise<number> {
  const predicted = tf.argMax(probabilities, -1);
  const values = await predicted.data();
  predicted.dispose();
  return countAccuracy(values, labels);
}

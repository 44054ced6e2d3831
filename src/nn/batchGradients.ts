// One optimizer step's gradients, computed a micro-batch at a time: each micro-batch's forward and backward pass holds
// only its own activations, and the gradients of the batch's mean loss are the sum of each micro-batch's gradients of
// (its rows' summed loss) / (rows in the batch). So a batch of 32 as four micro-batches of 8 takes the same step as
// one pass of 32, up to float rounding, for any network whose layers treat rows independently (BatchNorm in training
// mode does not: it normalizes over the micro-batch, as ghost batch normalization does).
import { tf } from '../gpu/tfjsBackend.js';

/** The rows of one batch → model inputs (built per micro-batch, so only a micro-batch of inputs is alive at once). */
export type MicroBatchInputs = (rows: Uint32Array) => tf.Tensor;

export interface BatchGradients {
  /** The batch's mean loss. */
  loss: tf.Scalar;
  /** Gradient of the mean loss, by variable name (what Optimizer.applyGradients takes). */
  grads: tf.NamedTensorMap;
}

/** Gradients of the mean categorical cross-entropy over `batch` rows of one-hot `y`, `microBatchSize` rows at a time. */
export function batchGradients(
  model: tf.LayersModel,
  variables: tf.Variable[],
  inputs: MicroBatchInputs,
  y: tf.Tensor,
  batch: Uint32Array,
  microBatchSize: number,
  training: boolean,
): BatchGradients {
  let loss: tf.Scalar = tf.scalar(0);
  let grads: tf.NamedTensorMap | null = null;
  for (let start = 0; start < batch.length; start += microBatchSize) {
    const rows = batch.subarray(start, Math.min(batch.length, start + microBatchSize));
    const x = inputs(rows);
    const yMicro = tf.tidy(() => tf.gather(y, tf.tensor1d(Int32Array.from(rows), 'int32')));
    try {
      const part = tf.variableGrads(
        () => tf.tidy(() => tf.metrics.categoricalCrossentropy(yMicro, model.apply(x, { training }) as tf.Tensor).sum().div(batch.length) as tf.Scalar),
        variables,
      );
      const previous: tf.Tensor[] = [loss, ...Object.values(grads ?? {})];
      loss = tf.tidy(() => loss.add(part.value));
      grads = grads === null ? part.grads : tf.tidy(() => Object.fromEntries(Object.entries(part.grads).map(([name, g]) => [name, grads![name].add(g)])));
      tf.dispose([...previous, part.value, ...(grads === part.grads ? [] : Object.values(part.grads))]);
    } finally {
      tf.dispose([x, yMicro]);
    }
  }
  return { loss, grads: grads ?? {} };
}

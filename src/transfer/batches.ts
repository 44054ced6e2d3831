// A model over many rows, a batch at a time: only one batch of inputs and activations is alive at once, so memory is
// bounded by the batch size, not by the number of rows (a 224×224 model over a whole dataset in one call holds
// gigabytes). Each batch's output is read back to the host before the next one starts.
import { tf } from '../gpu/tfjsBackend.js';
import type { Matrix } from '../ensemble/learner.js';
import { withOutOfMemoryAdvice } from './outOfMemory.js';
import type { ProgressSink } from './progress.js';

/** Model inputs for rows of a dataset (see ModelInputs). */
export type RowInputs = (rows: ArrayLike<number>) => tf.Tensor;

/** The model's output for each of `rows`, flattened per row: [rows.length × outputs] on the host. */
export function predictInBatches(model: tf.LayersModel, inputs: RowInputs, rows: ArrayLike<number>, batchSize: number, progress?: ProgressSink, label = 'predict'): Promise<Matrix> {
  return withOutOfMemoryAdvice(() => predictBatches(model, inputs, rows, batchSize, progress, label), '--batch-size', `running "${model.name}" on batches of ${batchSize} rows`);
}

async function predictBatches(model: tf.LayersModel, inputs: RowInputs, rows: ArrayLike<number>, batchSize: number, progress: ProgressSink | undefined, label: string): Promise<Matrix> {
  const batches = Math.ceil(rows.length / batchSize);
  const task = progress?.(label, batches);
  let out: Float32Array | null = null;
  let cols = 0;
  try {
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const batchRows = Array.prototype.slice.call(rows, start, Math.min(rows.length, start + batchSize)) as number[];
      const output = tf.tidy(() => {
        const y = model.predict(inputs(batchRows)) as tf.Tensor;
        return y.reshape([batchRows.length, -1]);
      });
      const values = (await output.data()) as Float32Array;
      if (!out) {
        cols = output.shape[1] as number;
        out = new Float32Array(rows.length * cols);
      }
      output.dispose();
      out.set(values, start * cols);
      task?.update(b + 1);
    }
  } finally {
    task?.end();
  }
  return { features: out ?? new Float32Array(0), rows: rows.length, cols };
}

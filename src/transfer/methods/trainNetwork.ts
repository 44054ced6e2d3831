// Network training as scratch and fine-tuning share it: the same step budget and stopping rule, inputs built a
// micro-batch at a time from the drawn rows, the micro-batch chosen from the memory budget and the model's activation
// estimate, and a progress task counting optimizer steps.
import { tf } from '../../gpu/tfjsBackend.js';
import { fitClassifier } from '../../nn/tfjsFit.js';
import { estimateActivations } from '../activationMemory.js';
import { chooseMicroBatch, type MicroBatchChoice } from '../microBatch.js';
import type { TransferSetup } from '../setup.js';
import type { Draw } from './method.js';

export interface NetworkTraining {
  learningRate: number;
  /** false: BatchNorm keeps its moving statistics and dropout is off (fine-tuning, as Keras advises). */
  training: boolean;
  label: string;
}

export interface NetworkTrained {
  steps: number;
  microBatch: MicroBatchChoice;
}

export async function trainNetwork(setup: TransferSetup, model: tf.LayersModel, draw: Draw, how: NetworkTraining): Promise<NetworkTrained> {
  const { steps, stopLoss, batchSize, memoryBudget } = setup.options.training;
  const batch = Math.min(batchSize, draw.rows.length);
  const microBatch = chooseMicroBatch(batch, estimateActivations(model, how.training), memoryBudget, model.name);
  const inputs = setup.trainInputs(model);
  const targets = setup.trainTargets(draw.rows);
  const passes = microBatch.passes > 1 ? `, ${microBatch.passes} micro-batches of ${microBatch.microBatch}` : '';
  const task = setup.options.progress(`${how.label}, ${draw.samplesPerClass}/class, seed ${draw.seed}: steps of ${batch} rows${passes}`, steps);
  try {
    const fit = await fitClassifier(model, (rows) => inputs(Array.from(rows, (i) => draw.rows[i])), targets, {
      epochs: steps,
      maxSteps: steps,
      stopLoss,
      batchSize: batch,
      microBatchSize: microBatch.microBatch,
      learningRate: how.learningRate,
      seed: draw.seed,
      training: how.training,
      onStep: (done) => task.update(done),
    });
    return { steps: fit.steps, microBatch };
  } finally {
    task.end();
    targets.dispose();
  }
}

// Network training as scratch and fine-tuning share it: the same step budget and stopping rule, inputs built a
// micro-batch at a time from the drawn rows, the micro-batch chosen from the memory budget and the model's activation
// estimate, every layer tried on one example first (dryRun.ts), a wasm out-of-memory turned into advice, and a
// progress task counting optimizer steps.
import { tf } from '../../gpu/tfjsBackend.js';
import { fitClassifier } from '../../nn/tfjsFit.js';
import { estimateActivations } from '../activationMemory.js';
import { checkTrainingKernels } from '../dryRun.js';
import { chooseMicroBatch, mib, type MicroBatchChoice } from '../microBatch.js';
import { withOutOfMemoryAdvice } from '../outOfMemory.js';
import type { TransferSetup } from '../setup.js';
import type { Draw } from './method.js';

export interface NetworkTraining {
  learningRate: number;
  /** false: BatchNorm keeps its moving statistics and dropout is off (fine-tuning, as Keras advises). */
  training: boolean;
  label: string;
  /** The option that leaves a layer out of this training, and how to say so, for a layer the backend cannot train. */
  option: string;
  leaveOut: string;
}

export interface NetworkTrained {
  steps: number;
  microBatch: MicroBatchChoice;
}

export async function trainNetwork(setup: TransferSetup, model: tf.LayersModel, draw: Draw, how: NetworkTraining): Promise<NetworkTrained> {
  const { steps, stopLoss, batchSize, memoryBudget } = setup.options.training;
  const batch = Math.min(batchSize, draw.rows.length);
  const microBatch = chooseMicroBatch(batch, estimateActivations(model, how.training), memoryBudget, model.name);
  checkTrainingKernels(model, how.training, how.option, how.leaveOut);
  const inputs = setup.trainInputs(model);
  const targets = setup.trainTargets(draw.rows);
  const passes = microBatch.passes > 1 ? `, ${microBatch.passes} micro-batches of ${microBatch.microBatch}` : '';
  const task = setup.options.progress(`${how.label}, ${draw.samplesPerClass}/class, seed ${draw.seed}: steps of ${batch} rows${passes}`, steps, batch);
  try {
    const what = `training "${model.name}" in micro-batches of ${microBatch.microBatch} (about ${mib(microBatch.bytesPerExample)} per example)`;
    const fit = await withOutOfMemoryAdvice(
      () =>
        fitClassifier(model, (rows) => inputs(Array.from(rows, (i) => draw.rows[i])), targets, {
          epochs: steps,
          maxSteps: steps,
          stopLoss,
          batchSize: batch,
          microBatchSize: microBatch.microBatch,
          learningRate: how.learningRate,
          seed: draw.seed,
          training: how.training,
          onStep: (done) => task.update(done),
        }),
      '--memory-budget',
      what,
    );
    return { steps: fit.steps, microBatch };
  } finally {
    task.end();
    targets.dispose();
  }
}

// Network training as scratch and fine-tuning share it: the same step budget and stopping rule, inputs built a batch
// at a time from the drawn rows, and a progress task counting optimizer steps.
import { tf } from '../../gpu/tfjsBackend.js';
import { fitClassifier, type FitClassifierResult } from '../../nn/tfjsFit.js';
import type { TransferSetup } from '../setup.js';
import type { Draw } from './method.js';

export interface NetworkTraining {
  learningRate: number;
  /** false: BatchNorm keeps its moving statistics and dropout is off (fine-tuning, as Keras advises). */
  training: boolean;
  label: string;
}

export async function trainNetwork(setup: TransferSetup, model: tf.LayersModel, draw: Draw, how: NetworkTraining): Promise<FitClassifierResult> {
  const { steps, stopLoss, batchSize } = setup.options.training;
  const inputs = setup.trainInputs(model);
  const targets = setup.trainTargets(draw.rows);
  const task = setup.options.progress(`${how.label}, ${draw.samplesPerClass}/class, seed ${draw.seed}: steps`, steps);
  try {
    return await fitClassifier(model, (batch) => inputs(Array.from(batch, (i) => draw.rows[i])), targets, {
      epochs: steps,
      maxSteps: steps,
      stopLoss,
      batchSize,
      learningRate: how.learningRate,
      seed: draw.seed,
      training: how.training,
      onStep: (done) => task.update(done),
    });
  } finally {
    task.end();
    targets.dispose();
  }
}

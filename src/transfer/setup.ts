// What every method of one experiment shares: the pretrained artifacts, the data, how rows become model inputs, and
// scoring on the test rows, always a batch at a time.
import { tf } from '../gpu/tfjsBackend.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { predictInBatches, type RowInputs } from './batches.js';
import { oneHot } from '../nn/oneHot.js';
import { rowInputs, type InputOptions } from './modelInput.js';
import type { ProgressSink } from './progress.js';
import type { TransferData } from './transferData.js';

/** How the transfer methods train: step budget, stopping rule, batch, rates and head regularisation. */
export interface TrainSettings {
  /** Optimizer step budget of every network training (scratch, and fine-tuning's second phase). */
  steps: number;
  /** The stopping rule: end training after an epoch whose mean loss is below this. */
  stopLoss: number;
  /** Mini-batch size of network training: rows per optimizer step. */
  batchSize: number;
  /**
   * Bytes of activations one forward and backward pass may hold. Each mini-batch is trained a micro-batch at a time,
   * as many rows as fit by the estimate (activationMemory.ts), with the gradients summed over the mini-batch, so the
   * result does not depend on the budget beyond float rounding. Default: only the tfjs backend's own bounds (the
   * wasm heap; a WebGPU device's maxBufferSize and maxStorageBufferBindingSize).
   */
  memoryBudget?: number;
  /** Adam learning rate from scratch. */
  learningRate: number;
  /** Fine-tuning: how many of the top frozen weighted layers train again, and at which (low) rate. */
  fineTuneLayers: number;
  /** Fine-tuning's Adam learning rate for the unfrozen layers and the head. */
  fineTuneLearningRate: number;
  /** Inverse L2 strength of the linear heads (frozen, fine-tuning's first phase) and of `pixels`. */
  headC: number;
  pixelsC: number;
}

export interface SetupOptions {
  cut?: string | number;
  input: InputOptions;
  /** Rows per batch through a network (extraction, scoring); bounds memory. */
  batchSize: number;
  training: TrainSettings;
  progress: ProgressSink;
}

export class TransferSetup {
  readonly classes: number;

  constructor(
    readonly artifacts: tf.io.ModelArtifacts,
    readonly data: TransferData,
    readonly options: SetupOptions,
  ) {
    this.classes = data.train.classNames.length;
  }

  trainInputs(model: tf.LayersModel): RowInputs {
    return rowInputs(model, this.data.train, this.options.input);
  }

  trainLabels(rows: ArrayLike<number>): Uint32Array {
    return Uint32Array.from(rows, (row) => this.data.train.labels[row]);
  }

  /** One-hot labels of these training rows, in this order. */
  trainTargets(rows: ArrayLike<number>): tf.Tensor2D {
    return oneHot(this.trainLabels(rows), this.classes);
  }

  testRows(): Uint32Array {
    return Uint32Array.from({ length: this.data.test.rows }, (_, i) => i);
  }

  /** Accuracy of a whole classifier (base and head) on the test rows, through it in batches. */
  async score(model: tf.LayersModel, label: string): Promise<number> {
    const inputs = rowInputs(model, this.data.test, this.options.input);
    const probabilities = await predictInBatches(model, inputs, this.testRows(), this.options.batchSize, this.options.progress, label);
    return accuracy(argmaxRows(probabilities.features, probabilities.cols), this.data.test.labels);
  }
}

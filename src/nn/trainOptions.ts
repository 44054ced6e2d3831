// Training settings shared by the custom and the tfjs MLP, so both train the same way by default.
import type { RegressionLoss } from '../kernels/loss.js';

/** How classes weigh in training: `none` (every row alike) or `balanced` (every class alike). */
export type ClassWeight = 'none' | 'balanced';

/** How an MLP is trained (Adam on shuffled mini-batches); the custom and the tfjs MLP read the same options. */
export interface TrainOptions {
  /** Passes over the training rows. */
  epochs: number;
  /** Rows per mini-batch (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Seeds the per-epoch shuffles. */
  seed: number;
  /** `balanced`: each epoch draws every class equally often (balancedEpochOrder); default: every row once. */
  classWeight?: ClassWeight;
  /**
   * Regression (custom MLP only): train on the rows' `targets` with this loss; the last layer has one unit and is
   * the prediction. Default: softmax cross-entropy on the labels.
   */
  loss?: RegressionLoss;
  /**
   * Custom MLP: training rows uploaded at a time. Default: all of them when their features fit in 256 MiB (and the
   * device's binding limit), else as many as do; a larger set is streamed, each part of an epoch uploading its
   * rows in the epoch's order, with the same numbers as a whole upload.
   */
  windowRows?: number;
  /** Called after each epoch with that epoch's mean training loss. */
  onEpoch?: (epoch: number, loss: number, ms: number) => void;
}

/** 40 epochs of batches of 32 at learning rate 0.003, seed 0. */
export const defaultTrainOptions: TrainOptions = { epochs: 40, batchSize: 32, learningRate: 0.003, seed: 0 };

/** What fitting reports, per epoch. */
export interface TrainHistory {
  /** Mean training loss (softmax cross-entropy, or the regression loss) per epoch, batches weighted by their rows. */
  loss: number[];
  /** Milliseconds per epoch. */
  epochMs: number[];
  /** Preparation before the first epoch: pipelines, buffers and bind groups (custom) or compile and uploads (tfjs). */
  setupMs: number;
}

// Training settings shared by the custom and the tfjs MLP, so both train the same way by default.
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the per-epoch shuffles. */
  seed: number;
  /** Called after each epoch with that epoch's mean training loss. */
  onEpoch?: (epoch: number, loss: number, ms: number) => void;
}

export const defaultTrainOptions: TrainOptions = { epochs: 40, batchSize: 32, learningRate: 0.003, seed: 0 };

/** What fitting reports, per epoch. */
export interface TrainHistory {
  loss: number[];
  epochMs: number[];
  /** Preparation before the first epoch: pipelines, buffers and bind groups (custom) or compile and uploads (tfjs). */
  setupMs: number;
}

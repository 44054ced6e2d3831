// What `stacklab train` takes, shared by its single-split path (train.ts) and its repeated one (trainRepeats.ts).
import { type Implementation, type HostRunOptions, type ClassWeight } from '../node.js';
import type { DatasetFlags } from './options.js';

export interface TrainCommandOptions extends HostRunOptions, DatasetFlags {
  hidden: number[];
  epochs: number;
  batchSize: number;
  lr: number;
  impl: Implementation;
  testSize: number;
  seed: number;
  /** `balanced`: every class drawn equally often per epoch; default `none`. */
  classWeight?: ClassWeight;
  save?: string;
  /** Regression only: the loss (Huber with δ = 1 standardized unit); default squared error. */
  loss?: 'squared-error' | 'huber';
  json?: string;
  /** Progress bar and table on the terminal; off for tests. */
  quiet?: boolean;
  /** The progress bar on stderr even when it is not a terminal (a line every few seconds). */
  progress?: boolean;
  /** Seeded stratified splits trained together (trainRepeats.ts). */
  repeats?: number;
  /** Fraction of the training split held out (stratified) for validation curves and early stopping. */
  validationSplit?: number;
  /** Early-stopping patience in epochs; the best epoch's weights are kept. */
  earlyStopping?: number;
  html?: string;
}

// Zero mean, unit variance per feature (and for a regression target), with statistics from the training rows only
// (no test leakage).
import { BadInputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { applyEncoder, fitEncoder, type Encoder } from './encode.js';
import { trainTestSplit, type SplitIndices } from './split.js';

/** Per-feature statistics of the training rows: features are standardized as (x − mean) / scale. */
export interface Standardizer {
  /** Mean per feature. */
  readonly mean: Float64Array;
  /** Standard deviation per feature; 1 for constant features, which are then only centred. */
  readonly scale: Float64Array;
}

function fitStandardizer(train: Dataset): Standardizer {
  const { rows, cols, features } = train;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += features[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = features[r * cols + c] - mean[c];
      scale[c] += d * d;
    }
  }
  for (let c = 0; c < cols; c++) {
    const sd = Math.sqrt(scale[c] / rows);
    scale[c] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * `dataset` with every feature standardized as (x − mean) / scale (float64 arithmetic, stored as float32), in place
 * or into a copy. BadInputError when the standardizer was fitted on another number of features.
 */
export function applyStandardizer(standardizer: Standardizer, dataset: Dataset, inPlace = false): Dataset {
  const { rows, cols } = dataset;
  if (standardizer.mean.length !== cols) throw new BadInputError(`${dataset.source}: standardizer fitted on ${standardizer.mean.length} features, dataset has ${cols}`);
  const features = inPlace ? dataset.features : new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) features[r * cols + c] = (dataset.features[r * cols + c] - standardizer.mean[c]) / standardizer.scale[c];
  }
  return { ...dataset, features };
}

/** How standardizeSplit may treat the datasets it is given. */
export interface StandardizeOptions {
  /**
   * Standardize the given datasets' features in place instead of copying them: for a split's own copies, which
   * nobody else reads (at 10M rows × 50 features each copy of the table is 2 GB). Default false.
   */
  overwrite?: boolean;
}

/**
 * Fits on `train`, applies to both: a raw table's columns encoded (categories one-hot, missing values imputed with
 * indicators; see encode.ts), then zero mean and unit variance per feature, with the training rows' statistics
 * only. `encoder` is null for a dataset that needed none. BadInputError when the two have different columns.
 */
export function standardizeSplit(train: Dataset, test: Dataset, options: StandardizeOptions = {}): { train: Dataset; test: Dataset; standardizer: Standardizer; encoder: Encoder | null } {
  const encoder = train.columns ? fitEncoder(train) : null;
  const [plainTrain, plainTest] = encoder ? [applyEncoder(encoder, train), applyEncoder(encoder, test)] : [train, test];
  const standardizer = fitStandardizer(plainTrain);
  // Encoded datasets are new copies already.
  const inPlace = encoder !== null || !!options.overwrite;
  return { train: applyStandardizer(standardizer, plainTrain, inPlace), test: applyStandardizer(standardizer, plainTest, inPlace), standardizer, encoder };
}

/**
 * The stratified train/test split of trainTestSplit, standardized (standardizeSplit) in place: the split's copies
 * are its own, and at 10M rows × 50 features every further copy of the table is 2 GB. `indices` are the source
 * rows of each side.
 */
export function standardizedSplit(dataset: Dataset, testSize: number, seed: number): ReturnType<typeof standardizeSplit> & { indices: SplitIndices } {
  const split = trainTestSplit(dataset, testSize, seed);
  return { ...standardizeSplit(split.train, split.test, { overwrite: true }), indices: split.indices };
}

/** A regression target's training statistics: models learn (y − mean) / scale and predict back through them. */
export interface TargetScaler {
  readonly mean: number;
  /** Standard deviation; 1 for a constant target. */
  readonly scale: number;
}

/** The mean and standard deviation of `targets`: pass the training rows' only. */
export function fitTargetScaler(targets: ArrayLike<number>): TargetScaler {
  let mean = 0;
  for (let i = 0; i < targets.length; i++) mean += targets[i];
  mean /= Math.max(1, targets.length);
  let squares = 0;
  for (let i = 0; i < targets.length; i++) squares += (targets[i] - mean) ** 2;
  const sd = Math.sqrt(squares / Math.max(1, targets.length));
  return { mean, scale: sd > 0 ? sd : 1 };
}

/** (y − mean) / scale per value. */
export function scaleTargets(scaler: TargetScaler, targets: ArrayLike<number>): Float32Array {
  return Float32Array.from(targets, (y) => (y - scaler.mean) / scaler.scale);
}

/** Standardized predictions back in the target's units: value · scale + mean. */
export function unscaleTargets(scaler: TargetScaler, values: ArrayLike<number>): Float32Array {
  return Float32Array.from(values, (v) => v * scaler.scale + scaler.mean);
}

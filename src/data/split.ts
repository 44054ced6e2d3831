// Stratified train/test split: every class keeps (about) its share on both sides, reproducibly from a seed.
import { BadInputError } from '../errors.js';
import { classCounts, selectRows, type Dataset } from './dataset.js';
import { permutation, seededRandom } from './random.js';

/** Row indices of a train/test split. */
export interface SplitIndices {
  /** Row indices, ascending. */
  train: Uint32Array;
  /** Row indices, ascending. */
  test: Uint32Array;
}

/** Rows of each class, each list shuffled by `seed`. Loops only: labels may be millions long, too many to spread into arguments. */
export function shuffledRowsByClass(labels: ArrayLike<number>, seed: number): Uint32Array[] {
  const counts = classCounts(labels, largestLabel(labels) + 1);
  const byClass = counts.map((n) => new Uint32Array(n));
  const filled = new Array<number>(counts.length).fill(0);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]][filled[labels[i]]++] = i;
  const random = seededRandom(seed);
  return byClass.map((rows) => permutation(rows.length, random).map((j) => rows[j]));
}

function largestLabel(labels: ArrayLike<number>): number {
  let largest = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > largest) largest = labels[i];
  return largest;
}

/**
 * Row indices of a stratified train/test split: each class gives round(`testSize` · its rows) to the test side,
 * at least one row to each side. BadInputError when `testSize` is not in (0, 1) or a class has a single row.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testSize = 0.2, seed = 0): SplitIndices {
  if (!(testSize > 0 && testSize < 1)) throw new BadInputError(`test size must be a fraction in (0, 1), got ${testSize}`);
  const byClass = shuffledRowsByClass(labels, seed);
  // At least one row on each side, so every class is both learned and tested.
  const testCounts = byClass.map((rows) => Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * testSize))));
  byClass.forEach((rows, c) => {
    if (rows.length === 1) throw new BadInputError(`class ${c} has ${rows.length} row; a stratified split needs at least 2 per class`);
  });
  const nTest = byClass.reduce((sum, rows, c) => sum + (rows.length === 0 ? 0 : testCounts[c]), 0);
  const train = new Uint32Array(labels.length - nTest);
  const test = new Uint32Array(nTest);
  let [trainAt, testAt] = [0, 0];
  for (const [c, rows] of byClass.entries()) {
    if (rows.length === 0) continue;
    test.set(rows.subarray(0, testCounts[c]), testAt);
    train.set(rows.subarray(testCounts[c]), trainAt);
    testAt += testCounts[c];
    trainAt += rows.length - testCounts[c];
  }
  return { train: train.sort(), test: test.sort() };
}

/** A dataset split in two (trainTestSplit), with the row indices each side came from. */
export interface TrainTest {
  /** Each side as a new Dataset, its `source` naming the side and the seed. */
  train: Dataset;
  test: Dataset;
  /** Row indices of the source dataset on each side. */
  indices: SplitIndices;
}

/**
 * The dataset split by stratifiedSplit into two new datasets whose `source` names the side and the seed.
 * BadInputError when a class has a single row.
 */
export function trainTestSplit(dataset: Dataset, testSize = 0.2, seed = 0): TrainTest {
  const counts = classCounts(dataset.labels, dataset.classNames.length);
  const small = counts.findIndex((n) => n > 0 && n < 2);
  if (small >= 0) throw new BadInputError(`${dataset.source}: class "${dataset.classNames[small]}" has only ${counts[small]} row; a stratified split needs at least 2 per class`);
  const indices = stratifiedSplit(dataset.labels, testSize, seed);
  return {
    train: selectRows(dataset, indices.train, `${dataset.source} (train, seed ${seed})`),
    test: selectRows(dataset, indices.test, `${dataset.source} (test, seed ${seed})`),
    indices,
  };
}

/** Row indices of a three-way split (trainValidationTestSplit); `train` excludes the validation rows. */
export interface TrainValidationTest extends SplitIndices {
  /** Row indices carved, stratified, from the training side only; ascending. */
  validation: Uint32Array;
}

/** The stratified test split of stratifiedSplit, then a stratified validation part of `validationSize` of its training rows. */
export function trainValidationTestSplit(labels: ArrayLike<number>, testSize: number, validationSize: number, seed = 0): TrainValidationTest {
  const outer = stratifiedSplit(labels, testSize, seed);
  const inner = stratifiedSplit(Array.from(outer.train, (row) => labels[row]), validationSize, seed + 1);
  return { train: inner.train.map((i) => outer.train[i]), validation: inner.test.map((i) => outer.train[i]), test: outer.test };
}

// The in-memory form every learner takes: float32 features row-major, class indices, and the names behind both.
import { BadInputError } from '../errors.js';
import type { FeatureColumn } from './schema.js';

/**
 * A classification (or, with `targets`, regression) dataset in memory: float32 features [rows, cols] row-major, one class index per row, and the
 * names of both. Every learner, split and loader works on this form.
 */
export interface Dataset {
  /** [rows × cols], row-major. */
  readonly features: Float32Array;
  /** Class index per row, into classNames. */
  readonly labels: Uint32Array;
  readonly rows: number;
  readonly cols: number;
  /** One name per column (the CSV header's, or generated ones such as `px_0` for images). */
  readonly featureNames: readonly string[];
  /** One name per class; `labels` index into it. */
  readonly classNames: readonly string[];
  /** Where the rows came from (a file path or a description), for messages and result files. */
  readonly source: string;
  /**
   * Set on a raw table whose features still need encoding: each column's type (categorical values are codes into
   * its categories; missing cells are NaN). standardizeSplit encodes them, learning from the training rows only.
   */
  readonly columns?: readonly FeatureColumn[];
  /**
   * Set on a regression dataset: the continuous target of each row. Such a dataset has no classes: `classNames` is
   * empty and every label is 0, so the stratified split and folds that rows go through are plain shuffled ones.
   */
  readonly targets?: Float32Array;
}

/** The rows at `indices`, in that order, as a new Dataset with the same columns and classes (or targets). */
export function selectRows(dataset: Dataset, indices: ArrayLike<number>, source = dataset.source): Dataset {
  const { cols } = dataset;
  const features = new Float32Array(indices.length * cols);
  const labels = new Uint32Array(indices.length);
  const targets = dataset.targets ? new Float32Array(indices.length) : undefined;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    if (!(row >= 0 && row < dataset.rows)) throw new BadInputError(`${dataset.source}: row index ${row} outside 0..${dataset.rows - 1}`);
    features.set(dataset.features.subarray(row * cols, (row + 1) * cols), i * cols);
    labels[i] = dataset.labels[row];
    if (targets) targets[i] = dataset.targets![row];
  }
  return { ...dataset, features, labels, rows: indices.length, source, ...(targets ? { targets } : {}) };
}

/**
 * The columns at `indices`, in that order, as a new Dataset with the same rows (and, on a raw table, the same
 * column types). BadInputError for an index outside the columns.
 */
export function selectColumns(dataset: Dataset, indices: readonly number[]): Dataset {
  const { rows, cols } = dataset;
  for (const c of indices) if (!(Number.isInteger(c) && c >= 0 && c < cols)) throw new BadInputError(`${dataset.source}: column index ${c} outside 0..${cols - 1}`);
  const width = indices.length;
  const features = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) for (let i = 0; i < width; i++) features[r * width + i] = dataset.features[r * cols + indices[i]];
  const featureNames = indices.map((c) => dataset.featureNames[c]);
  const columns = dataset.columns ? indices.map((c) => dataset.columns![c]) : undefined;
  return { ...dataset, features, cols: width, featureNames, ...(columns ? { columns } : {}) };
}

/** Rows per class, indexed like classNames. */
export function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

// The rows a transfer learns from and is scored on: a training pool (labelled samples are drawn from it) and test
// rows that are never trained on. Fashion-MNIST brings its own split; a CSV is split here, stratified, seed 0.
import { selectRows, type Dataset } from '../data/dataset.js';
import { shuffledRowsByClass, trainTestSplit } from '../data/split.js';

/** The rows of a transfer: a training pool labelled samples are drawn from, and test rows never trained on. */
export interface TransferData {
  train: Dataset;
  test: Dataset;
}

/**
 * A dataset without a split of its own, split stratified with seed 0 (the same test rows every run); `testSize`
 * in (0, 1). BadInputError for a class with a single row.
 */
export function splitTransferData(dataset: Dataset, testSize: number): TransferData {
  const { train, test } = trainTestSplit(dataset, testSize, 0);
  return { train, test };
}

/**
 * At most `limit` test rows, the same ones every run: classes in turn, each class's rows in a fixed shuffle (seed 0),
 * so a subset keeps the classes balanced. The rows keep their original order.
 */
export function testSubset(data: TransferData, limit: number | undefined): TransferData {
  const { test } = data;
  if (limit === undefined || limit >= test.rows) return data;
  const byClass = shuffledRowsByClass(test.labels, 0);
  const chosen: number[] = [];
  for (let i = 0; chosen.length < limit; i++) {
    for (const rows of byClass) if (i < rows.length && chosen.length < limit) chosen.push(rows[i]);
  }
  chosen.sort((a, b) => a - b);
  return { train: data.train, test: selectRows(test, chosen, `${test.source} (fixed subset of ${limit} rows)`) };
}

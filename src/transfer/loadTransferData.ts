// Node only: a transfer's rows read from a bundled name, a CSV, an image folder or Fashion-MNIST's files.
import { loadDataSplit, type DataSplitOptions } from '../data/loadDataSplit.js';
import { splitTransferData, testSubset, type TransferData } from './transferData.js';

/**
 * `data` (a bundled name, a CSV, an image folder or fashion-mnist) as training pool and test rows: the official
 * split where the data has one, else a stratified one; then at most `testLimit` test rows.
 */
export function loadTransferData(data: string, options: Pick<DataSplitOptions, 'label' | 'ignore' | 'classes' | 'image'> & { testSize: number; testLimit?: number }): TransferData {
  const split = loadDataSplit(data, { label: options.label, ignore: options.ignore, classes: options.classes, image: options.image });
  return testSubset(split.test ? { train: split.train, test: split.test } : splitTransferData(split.train, options.testSize), options.testLimit);
}

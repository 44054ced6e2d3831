// Out-of-fold rows are stored fold after fold, so each fold's predictions land in one contiguous slice of the
// [models, rows, classes] array and one copyBufferToBuffer puts them there.
import { foldRows } from '../data/kfold.js';

/** Where each training row sits in the stratified folds, and where its out-of-fold prediction goes. */
export interface FoldLayout {
  /** Fold index per training row (the order the rows came in). */
  readonly foldOfRow: Uint32Array;
  /** Out-of-fold row r holds training row order[r]. */
  readonly order: Uint32Array;
  /** Fold f occupies out-of-fold rows start[f] … start[f + 1] − 1. */
  readonly start: Uint32Array;
  /** Per fold: the training rows its model is fitted on, and the held-out rows it predicts. */
  readonly folds: { fit: Uint32Array; heldOut: Uint32Array }[];
}

export function foldLayout(foldOfRow: Uint32Array, k: number): FoldLayout {
  const folds = Array.from({ length: k }, (_, f) => {
    const { train, test } = foldRows(foldOfRow, f);
    return { fit: train, heldOut: test };
  });
  const start = new Uint32Array(k + 1);
  folds.forEach((fold, f) => (start[f + 1] = start[f] + fold.heldOut.length));
  const order = new Uint32Array(foldOfRow.length);
  folds.forEach((fold, f) => order.set(fold.heldOut, start[f]));
  return { foldOfRow, order, start, folds };
}

// k-fold: stratified (each class's rows dealt round-robin over the folds, so every fold sees every class) for
// classification, shuffled rows dealt round-robin for regression.
import { BadInputError } from '../errors.js';
import { permutation, seededRandom } from './random.js';
import { shuffledRowsByClass } from './split.js';

/** Fold index (0..k-1) per row. Throws when a class has fewer rows than folds (a fold would miss it). */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed = 0, classNames?: readonly string[]): Uint32Array {
  if (!Number.isInteger(k) || k < 2) throw new BadInputError(`k-fold needs an integer k ≥ 2, got ${k}`);
  const folds = new Uint32Array(labels.length);
  // Carrying the deal position across classes keeps fold sizes within one row of each other.
  let next = 0;
  for (const [c, rows] of shuffledRowsByClass(labels, seed).entries()) {
    if (rows.length === 0) continue;
    if (rows.length < k) {
      const name = classNames?.[c] !== undefined ? `"${classNames[c]}"` : String(c);
      throw new BadInputError(`class ${name} has ${rows.length} rows, fewer than the ${k} folds asked for`);
    }
    for (const row of rows) {
      folds[row] = next;
      next = (next + 1) % k;
    }
  }
  return folds;
}

/** Row indices in and out of fold `fold`, ascending. */
export function foldRows(folds: Uint32Array, fold: number): { train: Uint32Array; test: Uint32Array } {
  let inFold = 0;
  for (let row = 0; row < folds.length; row++) if (folds[row] === fold) inFold++;
  const train = new Uint32Array(folds.length - inFold);
  const test = new Uint32Array(inFold);
  let [trainAt, testAt] = [0, 0];
  for (let row = 0; row < folds.length; row++) {
    if (folds[row] === fold) test[testAt++] = row;
    else train[trainAt++] = row;
  }
  return { train, test };
}

/** Fold index (0..k-1) per row, rows shuffled by `seed` and dealt round-robin: k-fold for regression, which has no classes. */
export function shuffledKFold(rows: number, k: number, seed = 0): Uint32Array {
  if (!Number.isInteger(k) || k < 2) throw new BadInputError(`k-fold needs an integer k ≥ 2, got ${k}`);
  if (rows < k) throw new BadInputError(`${rows} rows cannot be dealt into ${k} folds`);
  const folds = new Uint32Array(rows);
  permutation(rows, seededRandom(seed)).forEach((row, i) => (folds[row] = i % k));
  return folds;
}

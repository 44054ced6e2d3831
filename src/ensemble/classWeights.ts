// scikit-learn's class_weight='balanced', shared by the learners that take it: each class weighs as much in total.
import { classCounts } from '../data/dataset.js';

/** rows / (classes present · rows of the class), per class (0 for a class with no rows). */
export function balancedClassWeights(y: Uint32Array, classes: number): Float64Array {
  const counts = classCounts(y, classes);
  const present = counts.filter((n) => n > 0).length;
  return Float64Array.from(counts, (n) => (n > 0 ? y.length / (present * n) : 0));
}

// Classification or regression: what the label column is asked to be, or what its values say it is.
import { BadInputError } from '../errors.js';
import { floatText } from './column.js';
import type { Dataset } from './dataset.js';
/** What a table's label is learned as: classes, or a continuous target. */
export type Task = 'classification' | 'regression';

/** Distinct integer labels beyond this read as a continuous target (a count or a price), not as classes. */
export const maxIntegerClasses = 30;

/**
 * The task a numeric label's values suggest (missing ones aside), and why: regression when some value is not an integer or there are
 * more than maxIntegerClasses distinct ones; classification otherwise.
 */
export function detectTask(values: Float32Array): { task: Task; why: string } {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i]) && !Number.isNaN(values[i])) return { task: 'regression', why: `non-integer values such as ${floatText(values[i])}` };
  }
  // Counting stops past the threshold: a large continuous column need not be collected whole.
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size <= maxIntegerClasses; i++) if (!Number.isNaN(values[i])) seen.add(values[i]);
  if (seen.size > maxIntegerClasses) return { task: 'regression', why: `more than ${maxIntegerClasses} distinct integers` };
  return { task: 'classification', why: `${seen.size} distinct integers` };
}

/** BadInputError unless `dataset` has classes: for the experiments that only classify. */
export function requireClasses(dataset: Dataset, what: string): void {
  if (dataset.targets) {
    throw new BadInputError(`${what} classifies, but the label of ${dataset.source} was read as a regression target; --task classification reads it as classes`);
  }
}

// Bad input found in the page (a user kernel refused, a shape, a learner) comes back from a page call as a value,
// not as a page error, so the Node side can rethrow it as a BadInputError and the command exits as for bad input.
import { BadInputError } from '../errors.js';

export type PageOutcome<T> = { value: T } | { badInput: string };

/** Page side: runs `work`, turning a BadInputError into `{ badInput }`; every other error stays a page error. */
export async function badInputAsValue<T>(work: () => Promise<T>): Promise<PageOutcome<T>> {
  try {
    return { value: await work() };
  } catch (error) {
    if (error instanceof BadInputError) return { badInput: error.message };
    throw error;
  }
}

/** Node side: the page call's value, or its bad input thrown again as a BadInputError. */
export function valueOrBadInput<T>(outcome: PageOutcome<T>): T {
  if ('badInput' in outcome) throw new BadInputError(outcome.badInput);
  return outcome.value;
}

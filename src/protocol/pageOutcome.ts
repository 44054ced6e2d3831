// A stacklab error in the page (a user kernel refused, a shape, a learner; a kernel past its time budget) comes back
// from a page call as a value, not as a page error, so the Node side can throw it again in the same family: bad
// input exits 2, an engine fault exits 1, and neither is mistaken for a bug of stacklab's.
import { BadInputError, EngineError, StacklabError } from '../errors.js';

export type PageOutcome<T> = { value: T } | { badInput: string } | { engineFault: string };

/** Page side: runs `work`, turning a BadInputError into `{ badInput }` and other stacklab errors into `{ engineFault }`. */
export async function stacklabErrorAsValue<T>(work: () => Promise<T>): Promise<PageOutcome<T>> {
  try {
    return { value: await work() };
  } catch (error) {
    if (error instanceof BadInputError) return { badInput: error.message };
    if (error instanceof StacklabError) return { engineFault: error.message };
    throw error;
  }
}

/** Node side: the page call's value, or its error thrown again as a BadInputError or an EngineError. */
export function valueOrStacklabError<T>(outcome: PageOutcome<T>): T {
  if ('badInput' in outcome) throw new BadInputError(outcome.badInput);
  if ('engineFault' in outcome) throw new EngineError(outcome.engineFault);
  return outcome.value;
}

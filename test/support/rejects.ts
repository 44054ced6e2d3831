// The one way a test says "this must fail": awaits the work, fails the test if it succeeds, checks the error's
// class (the engine's error family makes the class part of the contract) and its message, and returns the error.
import * as assert from 'uvu/assert';

type Work = Promise<unknown> | (() => unknown);

export async function rejects<E extends Error>(work: Work, kind: abstract new (...args: never[]) => E, message?: RegExp): Promise<E> {
  let error: unknown;
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (caught) {
    error = caught ?? new TypeError('threw a nullish value');
  }
  // Outside the try: an assertion thrown here must fail the test, not be taken for the awaited error.
  if (error === undefined) assert.unreachable(`succeeded; expected a ${kind.name}${message ? ` matching ${message}` : ''}`);
  assert.instance(error, kind);
  if (message) assert.match((error as Error).message, message);
  return error as E;
}

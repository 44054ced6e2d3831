// How the `stacklab` command ends on an error: bad input (a file, a flag, a shape the user can fix) exits 2, an
// engine or GPU fault exits 1, each as one line without a stack; anything outside the engine's error family is
// a bug, so it keeps its stack.
import { CommanderError } from 'commander';
import { BadInputError, StacklabError } from '../node.js';

export const exitCodes = { badInput: 2, engineFault: 1 } as const;

/** Bad input anywhere in the cause chain (a learner that failed on a bad k, say) makes the whole failure bad input. */
function isBadInput(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = (e as { cause?: unknown }).cause) if (e instanceof BadInputError) return true;
  return false;
}

/** Writes what the user should read (through `print`) and returns the process's exit code. */
export function reportFailure(error: unknown, print: (line: string) => void): number {
  // commander has printed its own one-line message (unknown option, missing --data, …) by the time it throws.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : exitCodes.badInput;
  if (error instanceof StacklabError) {
    print(`stacklab: ${error.message}`);
    return isBadInput(error) ? exitCodes.badInput : exitCodes.engineFault;
  }
  print(`stacklab: unexpected error (a bug; please report it with this stack):\n${(error as Error)?.stack ?? String(error)}`);
  return exitCodes.engineFault;
}

// The ensemble's own failures, in the engine's one family (src/errors.ts): a learner used before fit() is a bug
// in the calling code (exit 1); a base learner failing inside a stack names the learner and the fold.
import { EngineError } from '../errors.js';

/** A learner, meta-learner or stack was asked to predict (or for its weights) before fit(): a bug in the caller. */
export class NotFittedError extends EngineError {
  constructor(readonly learner: string, asked: string) {
    super(`${learner} is not fitted: ${asked} needs fit() first`);
  }
}

/** A base learner failed during stacking; names the learner and the fold, and keeps the cause (which decides the exit code). */
export class LearnerFitError extends EngineError {
  constructor(readonly learner: string, readonly fold: string, readonly cause: unknown) {
    super(`learner ${learner} failed to fit (${fold}): ${(cause as Error)?.message ?? String(cause)}`);
  }
}

// What can be wrong with a transfer's options, naming the option and what does not fit.
import { BadInputError } from '../errors.js';

/** A transfer option does not fit the model or the data (a cut layer, a freeze count, a sample budget). */
export class TransferOptionError extends BadInputError {
  constructor(readonly option: string, detail: string) {
    super(`${option}: ${detail}`);
  }
}

/** The data's feature columns are not the ones a saved model was trained on (names, or types), named one by one. */
export class FeatureColumnsError extends BadInputError {
  constructor(readonly data: string, readonly model: string, detail: string) {
    super(`${data}: its columns are not the ones ${model} was trained on: ${detail}`);
  }
}

// `train --save`, for either task: the location checked before training (so a bad path does not cost the run),
// and the preprocessing metadata every saved MLP carries so it can be applied to raw CSV rows again.
import fs from 'node:fs';
import path from 'node:path';
import { BadInputError, standardizerMetadata, type Encoder, type ModelMetadata, type Standardizer } from '../node.js';

/**
 * BadInputError unless the model can be written at `location` (a folder, or its model.json): the nearest part of
 * the path that exists must be a writable folder. Creates nothing.
 */
export function checkSaveLocation(location: string): void {
  const dir = path.resolve(location.endsWith('.json') ? path.dirname(location) : location);
  let existing = dir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) throw new BadInputError(`--save ${location}: ${existing} is a file, not a folder to write model.json and weights.bin in`);
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new BadInputError(`--save ${location}: ${existing} is not writable`);
  }
}

/** The feature names, standardizer and (when the CSV needed one) encoder of a trained MLP's training rows. */
export function preprocessingMetadata(featureNames: readonly string[], standardizer: Standardizer, encoder: Encoder | null): ModelMetadata {
  return { featureNames: [...featureNames], standardizer: standardizerMetadata(standardizer), ...(encoder ? { encoder } : {}) };
}

// Every suite by name; `all` runs them in this order.
import { ArgumentError } from '../../errors.js';
import type { Suite } from '../suite.js';
import { combineSuite } from './combine.js';
import { conv2dSuite } from './conv2d.js';
import { denseBackwardSuite } from './denseBackward.js';
import { denseForwardSuite } from './denseForward.js';
import { fusedMatmulSuite } from './fusedMatmul.js';
import { matmulSuite } from './matmul.js';
import { modelSuite } from './model.js';
import { tfjsModelSuite } from './tfjsModel.js';
import { trainStepSuite } from './trainStep.js';
import { trainStepBatchedSuite } from './trainStepBatched.js';

/** Every suite, in the order `all` runs them. */
export const suites: readonly Suite[] = [matmulSuite, denseForwardSuite, denseBackwardSuite, fusedMatmulSuite, conv2dSuite, combineSuite, trainStepSuite, trainStepBatchedSuite, tfjsModelSuite, modelSuite];

/** Every suite's name, and `all`. */
export function suiteNames(): string[] {
  return [...suites.map((s) => s.name), 'all'];
}

/** The suites of these names (`all` for every one), each once; ArgumentError for an unknown name. */
export function findSuites(names: readonly string[]): Suite[] {
  const chosen = new Set<Suite>();
  for (const name of names) {
    if (name === 'all') suites.forEach((s) => chosen.add(s));
    else {
      const suite = suites.find((s) => s.name === name);
      if (!suite) throw new ArgumentError(`unknown bench suite "${name}" (suites: ${suiteNames().join(', ')})`);
      chosen.add(suite);
    }
  }
  return [...chosen];
}

// Entry of the browser page bundle: the engine's page API plus the bench harness's call, added from up here so
// the engine does not depend on the bench.
import { BadInputError } from '../src/gpu/errors.js';
import { addPageCall, pageEngine } from '../src/host/pageApi.js';
import { resultEnv, type ResultEnv } from '../src/results/env.js';
import type { BenchRun } from './results.js';
import { progressPrefix, runBench, type BenchOptions } from './runBench.js';
import '../src/host/page.js';

/** Bad input (a user kernel refused, a shape) comes back as a value, so the Node side can rethrow its class. */
addPageCall('bench', async (options: BenchOptions): Promise<{ env: ResultEnv; run: BenchRun } | { badInput: string }> => {
  const engine = await pageEngine();
  try {
    const run = await runBench(engine, options, (progress) => console.log(progressPrefix + JSON.stringify(progress)));
    return { env: resultEnv(engine, 'navigator.gpu'), run };
  } catch (error) {
    if (error instanceof BadInputError) return { badInput: error.message };
    throw error;
  }
});

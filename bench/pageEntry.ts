// Entry of the browser page bundle: the engine's page API plus the bench harness's call, added from up here so
// the engine does not depend on the bench.
import { addPageCall, pageEngine } from '../src/host/pageApi.js';
import { resultEnv, type ResultEnv } from '../src/results/env.js';
import type { BenchRun } from './results.js';
import { progressPrefix, runBench, type BenchOptions } from './runBench.js';
import '../src/host/page.js';

addPageCall('bench', async (options: BenchOptions): Promise<{ env: ResultEnv; run: BenchRun }> => {
  const engine = await pageEngine();
  const run = await runBench(engine, options, (progress) => console.log(progressPrefix + JSON.stringify(progress)));
  return { env: resultEnv(engine, 'navigator.gpu'), run };
});

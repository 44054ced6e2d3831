// Entry of the browser page bundle: the engine's page API plus the calls of the layers above it (the bench
// harness's, train's, stack's and transfer's), added from up here so the engine does not depend on them.
import { addPageCall, pageEngine, pageResultEnv } from '../src/host/pageApi.js';
import type { ResultEnv } from '../src/results/env.js';
import type { BenchRun } from './results.js';
import { progressPrefix, runBench, type BenchOptions } from './runBench.js';
import '../src/commands/pageRuns.js';
import '../src/commands/transferPage.js';
import '../src/host/page.js';

addPageCall('bench', async (options: BenchOptions): Promise<{ env: ResultEnv; run: BenchRun }> => {
  const engine = await pageEngine();
  const run = await runBench(engine, options, (progress) => console.log(progressPrefix + JSON.stringify(progress)));
  return { env: pageResultEnv(engine), run };
});

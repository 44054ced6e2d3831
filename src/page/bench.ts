// The page half of `bench --host browser`: the suites run on the page's engine; progress goes out as tagged console
// lines the Node side turns into its bars.
import { progressPrefix, runBench, type BenchOptions, type BenchRun, type ResultEnv } from '../index.js';
import { addPageCall, pageEngine, pageResultEnv } from './api.js';

addPageCall('bench', async (options: BenchOptions): Promise<{ env: ResultEnv; run: BenchRun }> => {
  const engine = await pageEngine();
  const run = await runBench(engine, options, (progress) => console.log(progressPrefix + JSON.stringify(progress)));
  return { env: pageResultEnv(engine), run };
});

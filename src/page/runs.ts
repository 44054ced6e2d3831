// The page half of `train --host browser` and `stack --host browser`: the dataset arrives as plain arrays, the
// experiment runs on the page's engine exactly as the Node host runs it, and the JSON-able result goes back.
// Registered by the page bundle's entry (src/page/entry.ts).
import {
  runStackExperiment,
  type StackExperimentOptions,
  type StackResult,
  disposeExperiment,
  runExperiment,
  type ExperimentOptions,
  type ResultEnv,
} from '../index.js';
import { addPageCall, pageEngine, pageResultEnv } from './api.js';
import { experimentSummary, fromPageDataset, type PageDataset, type PageTrainRun } from '../protocol/runData.js';

addPageCall('train', async (data: PageDataset, options: ExperimentOptions): Promise<PageTrainRun> => {
  const engine = await pageEngine();
  const started = performance.now();
  const result = await runExperiment(engine, fromPageDataset(data), options);
  const totalMs = performance.now() - started;
  try {
    return { env: pageResultEnv(engine), result: experimentSummary(result), totalMs };
  } finally {
    disposeExperiment(result);
  }
});

addPageCall('stack', async (data: PageDataset, options: Omit<StackExperimentOptions, 'log'>): Promise<{ env: ResultEnv } & StackResult> => {
  const engine = await pageEngine();
  const result = await runStackExperiment(engine, fromPageDataset(data), options);
  return { env: pageResultEnv(engine), ...result };
});

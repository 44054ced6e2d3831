// The page half of `train --host browser` and `stack --host browser`: the dataset arrives as plain arrays, the
// experiment runs on the page's engine exactly as the Node host runs it, and the JSON-able result goes back.
// Imported by the page bundle's entry (bench/pageEntry.ts), so the engine's page API does not depend on it.
import { runStackExperiment, type StackExperimentOptions, type StackResult } from '../ensemble/stackExperiment.js';
import { addPageCall, pageEngine, pageResultEnv } from '../host/pageApi.js';
import { disposeExperiment, runExperiment, type ExperimentOptions } from '../nn/experiment.js';
import type { ResultEnv } from '../results/env.js';
import { experimentSummary, fromPageDataset, type ExperimentSummary, type PageDataset } from './pageRunData.js';

export interface PageTrainRun {
  env: ResultEnv;
  result: ExperimentSummary;
  totalMs: number;
}

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

// What the Node side may call inside the page (through src/host/browser.ts). Each entry takes and returns
// JSON-serialisable values; the engine is opened once per page and shared by every call.
import type { Engine } from '../gpu/engine.js';
import { openHostEngine } from '#host-engine';
import { setFlags, type Flags } from '../flags.js';
import { resultEnv, type ResultEnv } from '../results/env.js';
import { progressPrefix, runBench, type BenchOptions } from '../../bench/runBench.js';
import type { BenchRun } from '../../bench/results.js';

let engine: Promise<Engine> | undefined;

function pageEngine(): Promise<Engine> {
  engine ??= openHostEngine();
  return engine;
}

export const pageApi = {
  async setFlags(values: Partial<Flags>): Promise<void> {
    setFlags(values);
  },
  async info(): Promise<ResultEnv> {
    return resultEnv(await pageEngine(), 'navigator.gpu');
  },
  async bench(options: BenchOptions): Promise<{ env: ResultEnv; run: BenchRun }> {
    const engine = await pageEngine();
    const run = await runBench(engine, options, (progress) => console.log(progressPrefix + JSON.stringify(progress)));
    return { env: resultEnv(engine, 'navigator.gpu'), run };
  },
};

export type PageApi = typeof pageApi;

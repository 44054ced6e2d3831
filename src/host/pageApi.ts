// What the Node side may call inside the page (through src/host/browser.ts). Each entry takes and returns
// JSON-serialisable values; the engine is opened once per page and shared by every call.
import type { Engine } from '../gpu/engine.js';
import { openHostEngine } from '#host-engine';
import { setFlags, type Flags } from '../flags.js';
import { BadInputError } from '../gpu/errors.js';
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
  /** Bad input (a user kernel refused, a shape) comes back as a value, so the Node side can rethrow its class. */
  async bench(options: BenchOptions): Promise<{ env: ResultEnv; run: BenchRun } | { badInput: string }> {
    const engine = await pageEngine();
    try {
      const run = await runBench(engine, options, (progress) => console.log(progressPrefix + JSON.stringify(progress)));
      return { env: resultEnv(engine, 'navigator.gpu'), run };
    } catch (error) {
      if (error instanceof BadInputError) return { badInput: error.message };
      throw error;
    }
  },
};

export type PageApi = typeof pageApi;

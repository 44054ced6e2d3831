// What the Node side may call inside the page (through src/host/browser.ts). Each entry takes and returns
// JSON-serialisable values; the engine is opened once per page and shared by every call. Only engine-level calls
// live here: layers above the engine (bench) add theirs with addPageCall from the bundle's entry
// (bench/pageEntry.ts), so the engine never imports them.
import type { Engine } from '../gpu/engine.js';
import type { TuningTable } from '../gpu/tuning.js';
import { hostAdapterSource, openHostEngine } from '#host-engine';
import { setFlags, type Flags } from '../flags.js';
import { resultEnv, type ResultEnv } from '../results/env.js';

export type PageCall = (...args: never[]) => Promise<unknown>;

let engine: Promise<Engine> | undefined;
let tuning: TuningTable | null = null;

/** The page's engine, carrying the tune table the Node side sent (setTuning), as openHostEngine does in Node. */
export async function pageEngine(): Promise<Engine> {
  engine ??= openHostEngine();
  const opened = await engine;
  opened.tuning = tuning;
  return opened;
}

/** The env block of a result made in the page; the Node side adds the commit and the Chrome version (browserResultEnv). */
export function pageResultEnv(engine: Engine): ResultEnv {
  return resultEnv(engine, hostAdapterSource());
}

const calls: Record<string, PageCall> = {
  async setFlags(values: Partial<Flags>): Promise<void> {
    setFlags(values);
  },
  async setTuning(table: TuningTable | null): Promise<void> {
    tuning = table;
  },
  async info(): Promise<ResultEnv> {
    return pageResultEnv(await pageEngine());
  },
};

export function addPageCall(name: string, call: PageCall): void {
  calls[name] = call;
}

export function pageCall(name: string): PageCall | undefined {
  return calls[name];
}

export function pageCallNames(): string[] {
  return Object.keys(calls);
}

// What the Node side may call inside the page (through src/host/browser.ts): a registry of named calls, each taking
// and returning JSON-serialisable values, and the page's one engine, shared by every call. The engine's settings
// come from the page's URL flags, then from what the Node side sends in its `setup` call.
import { openEngine, resultEnv, type Engine, type ResultEnv, type TuningTable } from '../index.js';
import { allFlags, engineSettingsFromFlags, flag } from '../flags.js';
import type { PageSetup } from '../protocol/pageSetup.js';

export type PageCall = (...args: never[]) => Promise<unknown>;

let engine: Promise<Engine> | undefined;
let setup: PageSetup = { settings: {}, tuning: null, flags: {} };

/** The page's engine, opened on the first call, with the settings and the tune table the Node side sent. */
export function pageEngine(): Promise<Engine> {
  engine ??= openEngine({ powerPreference: flag('POWER_PREFERENCE') as GPUPowerPreference, host: 'browser' }).then(applySetup);
  return engine;
}

/** Puts `setup` on the engine: once when it opens, and again if a `setup` call comes after that. */
function applySetup(opened: Engine): Engine {
  // Against the page's own URL, not its origin: the page and its files are served below a per-run token.
  const tfjsWasmPath = setup.settings.tfjsWasmPath ? new URL(setup.settings.tfjsWasmPath, location.href).href : '';
  opened.settings = { ...opened.settings, ...engineSettingsFromFlags(), ...setup.settings, tfjsWasmPath };
  opened.tuning = setup.tuning as TuningTable | null;
  return opened;
}

/** The env block of a result made in the page; the Node side adds the commit and the Chrome version (browserResultEnv). */
export function pageResultEnv(engine: Engine): ResultEnv {
  return resultEnv(engine, { flags: { ...allFlags(), ...setup.flags } });
}

const calls: Record<string, PageCall> = {
  async setup(values: PageSetup): Promise<void> {
    setup = values;
    // Not awaited: setup does not wait for an engine still opening (that one gets these values as it opens), nor
    // fail with one that could not open (the calls that need it do).
    void engine?.then(applySetup, () => undefined);
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

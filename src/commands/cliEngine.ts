// The engine, the browser host and the result env as the CLI makes them: every setting from its flags
// (STACKLAB_* variables, or an option standing in for one), and every flag echoed into the env of its results.
import { allFlags, engineSettingsFromFlags, flag } from '../flags.js';
import { defaultTuneCachePath, gitCommit, openNodeEngine, resultEnv, type BrowserHostOptions, type Engine, type ResultEnv } from '../node.js';

/** The tune cache the CLI reads and `stacklab tune` writes. */
export function cliTuneCachePath(): string {
  return flag('TUNE_CACHE') || defaultTuneCachePath;
}

export function openCliEngine(): Promise<Engine> {
  return openNodeEngine({ powerPreference: flag('POWER_PREFERENCE') as GPUPowerPreference, settings: engineSettingsFromFlags(), tuneCache: cliTuneCachePath() });
}

export function cliBrowserOptions(): BrowserHostOptions {
  return { timeoutMs: flag('BROWSER_TIMEOUT_MS'), settings: engineSettingsFromFlags(), flags: allFlags(), tuneCache: cliTuneCachePath() };
}

export function nodeResultEnv(engine: Engine): ResultEnv {
  return resultEnv(engine, { flags: allFlags(), gitCommit: gitCommit() });
}

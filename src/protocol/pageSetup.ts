// What the Node side of the browser host tells the engine page before its first call: the engine settings, the
// tuned variants (the page cannot read this machine's tune cache) and the caller's flags to echo in result files.
import type { EngineSettings } from '../gpu/engine.js';
import type { TuningTable } from '../gpu/tuning.js';

export interface PageSetup {
  settings: Partial<EngineSettings>;
  tuning: TuningTable | null;
  flags: Record<string, unknown>;
}

/**
 * Where the page finds tfjs-backend-wasm's .wasm files: the Node side serves the installed package's folder here.
 * Relative to the page's URL, as every path the page fetches: the page is served below a per-run token.
 */
export const tfjsWasmUrlPath = 'tfjs-wasm/';

// The engine in Node: Dawn's adapter (hardware, else SwiftShader) and one device on it, with the tune cache's table.
import path from 'node:path';
import { packageFile } from '../data/packageFile.js';
import { openEngine, type Engine } from '../gpu/engine.js';
import { flag } from '../flags.js';
import { requestNodeAdapter } from './nodeGpu.js';
import { loadTuneCache } from './tuneCacheFile.js';

let adapterSource = '';

export async function openHostEngine(): Promise<Engine> {
  const found = await requestNodeAdapter(flag('POWER_PREFERENCE') as GPUPowerPreference);
  adapterSource = found.source;
  const engine = await openEngine(found.adapter, 'node');
  engine.tuning = loadTuneCache();
  return engine;
}

/** How the last adapter was found (system driver or Chromium's SwiftShader). */
export function hostAdapterSource(): string {
  return adapterSource;
}

/** The folder of tfjs-backend-wasm's .wasm files (esbuild bundles its JavaScript, not them): the installed package. */
export function tfjsWasmFiles(): string {
  return path.dirname(packageFile('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + path.sep;
}

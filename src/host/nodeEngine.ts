// The engine in Node: Dawn's adapter (hardware, else SwiftShader) and one device on it.
import { openEngine, type Engine } from '../gpu/engine.js';
import { flag } from '../flags.js';
import { requestNodeAdapter } from './nodeGpu.js';

let adapterSource = '';

export async function openHostEngine(): Promise<Engine> {
  const found = await requestNodeAdapter(flag('POWER_PREFERENCE') as GPUPowerPreference);
  adapterSource = found.source;
  return openEngine(found.adapter, 'node');
}

/** How the last adapter was found (system driver or Chromium's SwiftShader). */
export function hostAdapterSource(): string {
  return adapterSource;
}

// The engine inside a browser page: navigator.gpu, which needs a secure context (http://127.0.0.1 counts).
import { openEngine, type Engine } from '../gpu/engine.js';
import { NoAdapterError } from '../gpu/errors.js';
import { flag } from '../flags.js';

export async function openHostEngine(): Promise<Engine> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    throw new NoAdapterError(
      `navigator.gpu is missing (secure context: ${globalThis.isSecureContext}): start Chromium with --enable-unsafe-webgpu and serve the page from http://127.0.0.1`,
    );
  }
  return openEngine(await gpu.requestAdapter({ powerPreference: flag('POWER_PREFERENCE') as GPUPowerPreference }), 'browser');
}

export function hostAdapterSource(): string {
  return 'navigator.gpu';
}

/** Where the page finds tfjs-backend-wasm's .wasm files: the Node side serves the installed package's folder here. */
export const tfjsWasmUrlPath = '/tfjs-wasm/';

export function tfjsWasmFiles(): string {
  return new URL(tfjsWasmUrlPath, location.origin).href;
}

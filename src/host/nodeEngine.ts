// The engine in Node: Dawn's adapter (hardware, else SwiftShader) and one device on it, with the tune cache's table
// and tfjs-backend-wasm's .wasm files found in the installed package.
import { createRequire } from 'node:module';
import path from 'node:path';
import { openEngine, type Engine, type OpenEngineOptions } from '../gpu/engine.js';
import { requestNodeAdapter } from './nodeGpu.js';
import { tuningFromOptions } from './tuneCacheFile.js';

/** `openEngine`'s options less what Node finds itself (the WebGPU entry point, the adapter, the host). */
export interface NodeEngineOptions extends Omit<OpenEngineOptions, 'gpu' | 'adapter' | 'device' | 'host' | 'adapterSource'> {
  /** The tune cache file to read the tuned matmul variants from (`stacklab tune` writes it). Default: `.stacklab/tune.json` in the working directory. Ignored when `tuning` is given. */
  tuneCache?: string;
}

/**
 * Opens an engine in Node on Dawn: the machine's GPU through its Vulkan driver, or, on a machine without one,
 * the SwiftShader that Debian's chromium package ships (found without any variable set). Also puts
 * `navigator.gpu` and the WebGPU constants on globalThis, as tfjs-backend-webgpu expects.
 */
export async function openNodeEngine(options: NodeEngineOptions = {}): Promise<Engine> {
  const { tuneCache, ...rest } = options;
  const found = await requestNodeAdapter(options.powerPreference);
  return openEngine({
    ...rest,
    adapter: found.adapter,
    host: 'node',
    adapterSource: found.source,
    settings: { tfjsWasmPath: installedTfjsWasmFolder(), ...options.settings },
    tuning: tuningFromOptions(options),
  });
}

/** The folder of tfjs-backend-wasm's .wasm files in the installed package ('' when it is not installed). */
export function installedTfjsWasmFolder(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  } catch {
    return '';
  }
}

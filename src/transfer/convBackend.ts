// Which tfjs backend runs convolutional networks. On a software adapter (SwiftShader) tfjs-backend-webgpu's conv
// kernels run through an emulated GPU; tfjs-backend-wasm runs the same work as XNNPACK SIMD code on the CPU, many
// times faster (measured in docs/results.md). The engine's convBackend setting chooses; auto picks wasm exactly
// when the engine's adapter is a fallback one.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Engine } from '../gpu/engine.js';
import { BadInputError, EngineError } from '../errors.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { registerBroadcastBatchNormGrad } from './batchNormGrad.js';
import { registerWasmConvGrad } from './wasmConvGrad.js';
import { registerWasmDepthwiseGrad } from './wasmDepthwiseGrad.js';

/**
 * The tfjs backend a transfer's convolutional network runs on: `webgpu` on the engine's device, or `wasm`
 * (XNNPACK on the CPU, far faster than webgpu on a software adapter).
 */
export type ConvBackend = 'webgpu' | 'wasm';

/** The backend the engine's convBackend setting asks for. */
function chooseConvBackend(engine: Engine): ConvBackend {
  const wanted = engine.settings.convBackend;
  if (wanted === 'webgpu' || wanted === 'wasm') return wanted;
  if (wanted !== 'auto') throw new BadInputError(`engine setting convBackend: expected auto, webgpu or wasm, got "${wanted}"`);
  return engine.facts.isFallbackAdapter ? 'wasm' : 'webgpu';
}

let wasmReady: Promise<void> | null = null;

/** A bundle holds the wasm backend's JavaScript but not its .wasm files: the engine's tfjsWasmPath says where they are. */
function startWasm(engine: Engine): Promise<void> {
  wasmReady ??= (async () => {
    if (engine.settings.tfjsWasmPath) setWasmPaths(engine.settings.tfjsWasmPath);
    registerWasmConvGrad();
    registerWasmDepthwiseGrad();
    registerBroadcastBatchNormGrad();
  })();
  return wasmReady;
}

/** Makes the chosen backend tfjs's current one and returns its name; the webgpu binding is made either way. */
export async function activateConvBackend(engine: Engine, backend: ConvBackend = chooseConvBackend(engine)): Promise<ConvBackend> {
  await bindTfjs(engine);
  if (backend === 'wasm') {
    await startWasm(engine);
    if (!(await tf.setBackend('wasm'))) throw new EngineError('tfjs could not start or switch to its wasm backend');
  } else if (!(await tf.setBackend('webgpu'))) {
    throw new EngineError('tfjs could not switch back to its webgpu backend');
  }
  return backend;
}

/**
 * Runs `work` with the conv backend active, then puts tfjs back on the engine's webgpu backend, which every other
 * user of this engine (the demo's other sections, later tests) expects.
 */
export async function withConvBackend<T>(engine: Engine, work: (backend: ConvBackend) => Promise<T>, backend: ConvBackend = chooseConvBackend(engine)): Promise<T> {
  const active = await activateConvBackend(engine, backend);
  try {
    return await work(active);
  } finally {
    await activateConvBackend(engine, 'webgpu');
  }
}

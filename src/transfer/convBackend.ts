// Which tfjs backend runs convolutional networks. On a software adapter (SwiftShader) tfjs-backend-webgpu's conv
// kernels run through an emulated GPU; tfjs-backend-wasm runs the same work as XNNPACK SIMD code on the CPU, many
// times faster (measured in the README's transfer section). STACKLAB_CONV_BACKEND chooses; auto picks wasm exactly
// when the engine's adapter is a fallback one.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tfjsWasmFiles } from '#host-engine';
import type { Engine } from '../gpu/engine.js';
import { BadInputError, EngineError } from '../gpu/errors.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { flag } from '../flags.js';
import { registerWasmConvGrad } from './wasmConvGrad.js';

export type ConvBackend = 'webgpu' | 'wasm';

/** The backend STACKLAB_CONV_BACKEND asks for on this engine. */
function chooseConvBackend(engine: Engine): ConvBackend {
  const wanted = flag('CONV_BACKEND');
  if (wanted === 'webgpu' || wanted === 'wasm') return wanted;
  if (wanted !== 'auto') throw new BadInputError(`STACKLAB_CONV_BACKEND: expected auto, webgpu or wasm, got "${wanted}"`);
  return engine.facts.isFallbackAdapter ? 'wasm' : 'webgpu';
}

let wasmReady: Promise<void> | null = null;

/** esbuild bundles the wasm backend's JavaScript but not its .wasm files: the host says where they are. */
function startWasm(): Promise<void> {
  wasmReady ??= (async () => {
    setWasmPaths(tfjsWasmFiles());
    registerWasmConvGrad();
  })();
  return wasmReady;
}

/** Makes the chosen backend tfjs's current one and returns its name; the webgpu binding is made either way. */
export async function activateConvBackend(engine: Engine, backend: ConvBackend = chooseConvBackend(engine)): Promise<ConvBackend> {
  await bindTfjs(engine);
  if (backend === 'wasm') {
    await startWasm();
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

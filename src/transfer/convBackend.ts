// Which tfjs backend runs convolutional networks. On a software adapter (SwiftShader) tfjs-backend-webgpu's conv
// kernels run through an emulated GPU; tfjs-backend-wasm runs the same work as XNNPACK SIMD code on the CPU, many
// times faster (measured in the README's transfer section). STACKLAB_CONV_BACKEND chooses; auto picks wasm exactly
// when the engine's adapter is a fallback one.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import path from 'node:path';
import { packageFile } from '../data/packageFile.js';
import type { Engine } from '../gpu/engine.js';
import { BadInputError, EngineError } from '../gpu/errors.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { flag } from '../flags.js';
import { registerWasmConvGrad } from './wasmConvGrad.js';

export type ConvBackend = 'webgpu' | 'wasm';

/** The backend STACKLAB_CONV_BACKEND asks for on this engine. */
export function chooseConvBackend(engine: Engine): ConvBackend {
  const wanted = flag('CONV_BACKEND');
  if (wanted === 'webgpu' || wanted === 'wasm') return wanted;
  if (wanted !== 'auto') throw new BadInputError(`STACKLAB_CONV_BACKEND: expected auto, webgpu or wasm, got "${wanted}"`);
  return engine.facts.isFallbackAdapter ? 'wasm' : 'webgpu';
}

let wasmReady: Promise<void> | null = null;

/** esbuild bundles the wasm backend's JavaScript but not its .wasm files: point it at the installed package. */
function startWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const dir = path.dirname(packageFile('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    setWasmPaths(dir + path.sep);
    registerWasmConvGrad();
    if (!(await tf.setBackend('wasm'))) throw new EngineError(`tfjs could not start its wasm backend from ${dir}`);
  })();
  return wasmReady;
}

/** Makes the chosen backend tfjs's current one and returns its name; the webgpu binding is made either way. */
export async function activateConvBackend(engine: Engine, backend: ConvBackend = chooseConvBackend(engine)): Promise<ConvBackend> {
  await bindTfjs(engine);
  if (backend === 'wasm') {
    await startWasm();
    if (!(await tf.setBackend('wasm'))) throw new EngineError('tfjs could not switch to its wasm backend');
  } else if (!(await tf.setBackend('webgpu'))) {
    throw new EngineError('tfjs could not switch back to its webgpu backend');
  }
  return backend;
}

// What the wasm gradient kernels (wasmConvGrad.ts, wasmDepthwiseGrad.ts) share: how tfjs hands a kernel its
// arguments, its attribute pairs, and putting a kernel on the wasm backend only where tfjs has none of its own.
import { tf } from '../gpu/tfjsBackend.js';

/** A (height, width) attribute: strides, dilations. */
export type Pair = [number, number];

/** What tfjs passes a kernel function. */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend?: unknown };

/** A pair attribute as tfjs may give it (one number for both, or absent for 1). */
export const pair = (v: Pair | number | undefined): Pair => (v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : v);

/** Registers each kernel on the wasm backend unless the backend already has one by that name. */
export function registerMissingWasmKernels(kernels: readonly (readonly [string, (args: KernelArgs) => tf.TensorInfo])[]): void {
  for (const [kernelName, kernelFunc] of kernels) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

// tfjs-backend-webgpu on the engine's own GPUDevice, so tfjs ops and custom kernels share buffers without copies.
import { ArgumentError, TfjsBackendError } from '../errors.js';
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Engine } from './engine.js';
import type { GpuArray } from './gpuArray.js';

/**
 * The `@tensorflow/tfjs` namespace stacklab binds to the engine: use this one, so a second copy of tfjs does not
 * keep its own registry of backends.
 */
export { tf };

/** tfjs keeps a compute pass open between ops and submits every few dispatches; close and submit the rest. */
export function submitTfjsWork(backend = tf.backend() as WebGPUBackend): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
}

const bound = new WeakMap<Engine, Promise<void>>();

/** Makes `webgpu` (tfjs's kernels are registered under that name) a backend on this engine's device, and selects it. */
export function bindTfjs(engine: Engine): Promise<void> {
  let ready = bound.get(engine);
  if (!ready) {
    ready = (async () => {
      // In the browser tfjs-backend-webgpu registers its own factory on import; findBackend sees only started
      // backends, so ask for the factory, or registerBackend keeps the library's device instead of ours.
      if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
      tf.registerBackend('webgpu', () => new WebGPUBackend(engine.device, engine.adapterInfo));
      if (!(await tf.setBackend('webgpu'))) throw new TfjsBackendError('tfjs could not start its webgpu backend on the engine device');
      // Keep small tensors on the GPU too: CPU-resident tensors have no buffer to hand to a kernel.
      tf.env().set('WEBGPU_CPU_FORWARD', false);
      await tf.ready();
    })();
    bound.set(engine, ready);
  }
  return ready;
}

/** A tfjs tensor over the array's buffer, no copy: the array keeps owning the buffer. */
export function tensorFromArray(array: GpuArray): tf.Tensor {
  if (array.dtype !== 'f32') throw new ArgumentError(`${array.label}: only f32 arrays can be wrapped as tfjs tensors`);
  return tf.tensor({ buffer: array.buffer, zeroCopy: true }, [...array.shape], 'float32');
}

/** A GPU buffer lent by tfjs (arrayFromTensor), as a GpuArray; `release()` hands it back. */
export interface BorrowedArray {
  /** f32, the tensor's shape; do not destroy it: tfjs owns the buffer. */
  array: GpuArray;
  /** Gives the buffer back to tfjs; the array must not be used afterwards. */
  release(): void;
}

/** The GPU buffer behind a tfjs tensor, as a GpuArray a kernel can read (no copy). */
export function arrayFromTensor(tensor: tf.Tensor, label = 'tfjs tensor'): BorrowedArray {
  const data = tensor.dataToGPU();
  if (!data.buffer) throw new TfjsBackendError(`${label}: tfjs keeps this tensor off the GPU; call bindTfjs(engine) first`);
  return {
    array: { buffer: data.buffer, shape: [...tensor.shape], dtype: 'f32', label },
    release: () => data.tensorRef.dispose(),
  };
}

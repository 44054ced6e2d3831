// Moving results between tfjs tensors and engine-owned GPU arrays on the shared device, without host copies.
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { Recorder } from '../gpu/recorder.js';
import { arrayFromTensor, tf } from '../gpu/tfjsBackend.js';

/** A GPU array of the tensor's values that the caller owns: tfjs may free or reuse its own buffer at any time. */
export async function ownedArrayFromTensor(engine: Engine, tensor: tf.Tensor, label: string): Promise<GpuArray> {
  const out = createArray(engine, label, tensor.shape);
  const borrowed = arrayFromTensor(tensor, label);
  try {
    await new Recorder(engine, `${label} (copy from tfjs)`).copy(borrowed.array.buffer, out.buffer, tensor.size * 4).submit();
  } finally {
    borrowed.release();
  }
  return out;
}

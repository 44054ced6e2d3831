// A float32 (or uint32) array living in one GPU storage buffer, with the shape kernels check before dispatch.
import { assertAlive, type Engine } from './engine.js';
import { ArgumentError, BufferTooLargeError } from '../errors.js';
import { destroyBuffer } from './gpuMemory.js';
import { withErrorScope } from './errorScope.js';

/** An array's element type: 4 bytes each. Kernels read f32 operands; u32 holds labels and indices. */
export type ElementType = 'f32' | 'u32';

/**
 * A row-major array in one GPU storage buffer; make one with createArray (or a GpuScope's `array()`). Shapes are
 * checked by the kernels before dispatch, so a wrong one throws ShapeError on the host.
 */
export interface GpuArray {
  /** The storage buffer; its owner (the caller, or a GpuScope) destroys it. */
  readonly buffer: GPUBuffer;
  /** Row-major. The buffer may be longer than the shape needs (a view of the leading rows of a larger array). */
  readonly shape: readonly number[];
  readonly dtype: ElementType;
  /** Names the array in GPU validation messages, traces and errors. */
  readonly label: string;
}

/** Elements in an array of this shape: the product of its dimensions (1 for `[]`). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

// Read at call time: in Node the WebGPU globals exist only once the host has loaded Dawn.
function usageFlags(): number {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}

/** Checks a size against the device's storage-binding limit before any buffer is made. */
export function checkBindingSize(engine: Engine, kernel: string, operand: string, bytes: number): void {
  const limit = engine.device.limits.maxStorageBufferBindingSize;
  if (bytes > limit) throw new BufferTooLargeError(kernel, operand, bytes, limit);
}

/**
 * A new GPU array; `data` (if given) is uploaded, else the buffer starts zeroed. The caller owns it: destroyArray
 * it, or make it with a GpuScope's array() so the scope does.
 */
export function createArray(
  engine: Engine,
  label: string,
  shape: readonly number[],
  data?: ArrayLike<number>,
  dtype: ElementType = 'f32',
): GpuArray {
  assertAlive(engine);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ArgumentError(`${label}: shape [${shape.join(', ')}] has a dimension that is not a non-negative integer`);
  }
  const count = elementCount(shape);
  if (data && data.length !== count) {
    throw new ArgumentError(`${label}: ${data.length} values given for shape [${shape.join(', ')}] (${count} elements)`);
  }
  const bytes = Math.max(4, count * 4);
  checkBindingSize(engine, label, label, bytes);
  const buffer = engine.memory.create({ label, size: align4(bytes), usage: usageFlags(), mappedAtCreation: !!data });
  if (data) {
    const view = dtype === 'f32' ? new Float32Array(buffer.getMappedRange()) : new Uint32Array(buffer.getMappedRange());
    view.set(data);
    buffer.unmap();
  }
  return { buffer, shape: [...shape], dtype, label };
}

function align4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}

/** Overwrites an array's contents from the host (queued; no wait). */
export function writeArray(engine: Engine, array: GpuArray, data: ArrayLike<number>): void {
  assertAlive(engine);
  if (data.length !== elementCount(array.shape)) {
    throw new ArgumentError(`${array.label}: ${data.length} values written to shape [${array.shape.join(', ')}]`);
  }
  const typed = array.dtype === 'f32' ? Float32Array.from(data) : Uint32Array.from(data);
  engine.device.queue.writeBuffer(array.buffer, 0, typed);
}

/** Copies an array back to the host. This waits for the GPU: keep it off per-batch paths. */
export async function readArray(engine: Engine, array: GpuArray): Promise<Float32Array> {
  const raw = await readBufferBytes(engine, array.buffer, elementCount(array.shape) * 4, array.label);
  return array.dtype === 'f32' ? new Float32Array(raw) : Float32Array.from(new Uint32Array(raw));
}

/** Copies a u32 array (labels, indices from topK) back to the host, bit for bit. Waits for the GPU, like readArray. */
export async function readArrayU32(engine: Engine, array: GpuArray): Promise<Uint32Array> {
  return new Uint32Array(await readBufferBytes(engine, array.buffer, elementCount(array.shape) * 4, array.label));
}

/**
 * The first `bytes` bytes of `buffer`, copied through a staging buffer; GPU errors are thrown as GpuKernelError
 * naming `label`.
 */
export async function readBufferBytes(engine: Engine, buffer: GPUBuffer, bytes: number, label: string): Promise<ArrayBuffer> {
  assertAlive(engine);
  const size = Math.max(4, align4(bytes));
  return withErrorScope(engine, `read ${label}`, async () => {
    const staging = engine.memory.create({ label: `${label} (read-back)`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = engine.device.createCommandEncoder({ label: `${label} (read-back)` });
      encoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
      engine.device.queue.submit([encoder.finish()]);
      try {
        await staging.mapAsync(GPUMapMode.READ);
      } catch (error) {
        assertAlive(engine);
        throw error;
      }
      return staging.getMappedRange().slice(0, bytes);
    } finally {
      engine.memory.destroy(staging);
    }
  });
}

/** Destroys the array's buffer now (counted off engine.memory); destroying it twice is harmless. */
export function destroyArray(array: GpuArray): void {
  destroyBuffer(array.buffer);
}

/** The first `count` entries along the leading axis, on the same buffer: a prefix, so every offset stays the same. */
export function leadingEntries(array: GpuArray, count: number): GpuArray {
  if (!(Number.isInteger(count) && count >= 1 && count <= (array.shape[0] ?? 0))) {
    throw new ArgumentError(`${array.label}: cannot take the first ${count} of [${array.shape.join(', ')}] along its leading axis`);
  }
  return { ...array, shape: [count, ...array.shape.slice(1)] };
}

/** The same buffer seen with another shape of the same element count (no copy). */
export function reshape(array: GpuArray, shape: readonly number[]): GpuArray {
  if (elementCount(shape) !== elementCount(array.shape)) {
    throw new ArgumentError(`${array.label}: cannot view shape [${array.shape.join(', ')}] as [${shape.join(', ')}]`);
  }
  return { ...array, shape: [...shape] };
}

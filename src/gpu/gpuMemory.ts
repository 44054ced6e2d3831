// Accounting of the GPU buffers the engine makes: live buffers and bytes (made minus destroyed) and the peak, so
// a leak shows as a number in `info --json` and in every result file, and a test can assert it returns to zero.
// Every stacklab buffer (arrays, uniforms, kernel scratch, read-back staging, timestamp resolve buffers) is made
// by createBuffer below. tfjs-backend-webgpu makes and pools its own buffers on the same device; those are not
// counted here (tf.memory() reports them).

/** What engine.memory.counts() reports: stacklab's own buffers only (tfjs pools its own; see tf.memory()). */
export interface GpuMemoryCounts {
  /** Buffers made and not yet destroyed. */
  liveGpuBuffers: number;
  /** Bytes of the buffers made and not yet destroyed. */
  liveGpuBytes: number;
  /** The most bytes live at once since the engine was opened. */
  peakGpuBytes: number;
}

/**
 * The engine's buffer account (`engine.memory`): every stacklab buffer is made through `create` and destroyed
 * through `destroy`, so live and peak bytes can be read at any time and a leak shows as a number.
 */
export class GpuMemory {
  private readonly sizes = new Map<GPUBuffer, number>();
  private bytes = 0;
  private peak = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Makes a buffer on the device and counts it. */
  create(descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = this.device.createBuffer(descriptor);
    this.sizes.set(buffer, descriptor.size);
    this.bytes += descriptor.size;
    this.peak = Math.max(this.peak, this.bytes);
    accountOf.set(buffer, this);
    return buffer;
  }

  /** Destroys `buffer`; destroying it again changes nothing. */
  destroy(buffer: GPUBuffer): void {
    const size = this.sizes.get(buffer);
    if (size !== undefined) {
      this.sizes.delete(buffer);
      this.bytes -= size;
    }
    buffer.destroy();
  }

  /** Live buffers and bytes now, and the peak since the engine was opened. */
  counts(): GpuMemoryCounts {
    return { liveGpuBuffers: this.sizes.size, liveGpuBytes: this.bytes, peakGpuBytes: this.peak };
  }
}

const accountOf = new WeakMap<GPUBuffer, GpuMemory>();

/** Destroys a buffer made by any engine's GpuMemory (or, uncounted, any other buffer). */
export function destroyBuffer(buffer: GPUBuffer): void {
  const account = accountOf.get(buffer);
  if (account) account.destroy(buffer);
  else buffer.destroy();
}

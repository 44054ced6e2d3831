// Accounting of the GPU buffers the engine makes: live buffers and bytes (made minus destroyed) and the peak, so
// a leak shows as a number in `info --json` and in every result file, and a test can assert it returns to zero.
// Every stacklab buffer (arrays, uniforms, kernel scratch, read-back staging, timestamp resolve buffers) is made
// by createBuffer below. tfjs-backend-webgpu makes and pools its own buffers on the same device; those are not
// counted here (tf.memory() reports them).

export interface GpuMemoryCounts {
  /** Buffers made and not yet destroyed. */
  liveGpuBuffers: number;
  liveGpuBytes: number;
  /** The most bytes live at once since the engine was opened. */
  peakGpuBytes: number;
}

export class GpuMemory {
  private readonly sizes = new Map<GPUBuffer, number>();
  private bytes = 0;
  private peak = 0;

  constructor(private readonly device: GPUDevice) {}

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

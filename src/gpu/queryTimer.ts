// GPU timestamps for the Recorder: each compute pass writes a begin and an end timestamp into one query set,
// resolved into a buffer at the end of the command buffer and read back once per batch of passes.
import type { Engine } from './engine.js';
import { ArgumentError, InternalError, MissingFeatureError } from '../errors.js';
import type { KernelCall } from './kernelCall.js';
import type { PassTimer } from './recorder.js';

/** One compute pass's GPU timestamps, as QueryTimer reads them. */
export interface PassTime {
  /** The KernelCall's kernel and label. */
  kernel: string;
  label: string;
  /** Raw GPU timestamps in nanoseconds, on the GPU's clock (its epoch is arbitrary). */
  beginNs: bigint;
  /** End of the pass, same clock as `beginNs`. */
  endNs: bigint;
}

/** WebGPU caps a query set at 4096 queries: two per pass. */
export const maxTimedPasses = 2048;

/**
 * GPU timestamps of up to `capacity` passes (at most maxTimedPasses) per batch: hand it to a Recorder, submit,
 * then `read()`. Throws MissingFeatureError when the device lacks `timestamp-query`, ArgumentError for a capacity
 * out of range.
 */
export class QueryTimer implements PassTimer {
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;
  private passes: { kernel: string; label: string }[] = [];

  constructor(private readonly engine: Engine, private readonly capacity: number, label: string) {
    if (!engine.facts.timestamps) throw new MissingFeatureError(`${label}: this device has no timestamp-query feature`);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > maxTimedPasses) {
      throw new ArgumentError(`${label}: ${capacity} timed passes asked for; one query set holds 1…${maxTimedPasses}`);
    }
    const bytes = capacity * 2 * 8;
    this.querySet = engine.device.createQuerySet({ label: `${label} (timestamps)`, type: 'timestamp', count: capacity * 2 });
    this.resolveBuffer = engine.memory.create({ label: `${label} (timestamps)`, size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    this.readBuffer = engine.memory.create({ label: `${label} (timestamps read-back)`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /** Reserves the next two queries for this call's pass; InternalError past `capacity` passes in one batch. */
  writesFor(call: KernelCall): GPUComputePassTimestampWrites {
    const index = this.passes.length;
    if (index >= this.capacity) throw new InternalError(`${call.label}: more than ${this.capacity} timed passes in one batch`);
    this.passes.push({ kernel: call.kernel, label: call.label });
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 };
  }

  /** Resolves this batch's queries and copies them for read-back, at the end of the command buffer. */
  resolve(encoder: GPUCommandEncoder): void {
    const count = this.passes.length * 2;
    if (count === 0) return;
    encoder.resolveQuerySet(this.querySet, 0, count, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, count * 8);
  }

  /** The timestamps of every pass since the last read, in dispatch order; call after the Recorder's submit. */
  async read(): Promise<PassTime[]> {
    const passes = this.passes;
    this.passes = [];
    if (passes.length === 0) return [];
    await this.readBuffer.mapAsync(GPUMapMode.READ, 0, passes.length * 16);
    const stamps = new BigUint64Array(this.readBuffer.getMappedRange(0, passes.length * 16).slice(0));
    this.readBuffer.unmap();
    return passes.map((pass, i) => ({ ...pass, beginNs: stamps[2 * i], endNs: stamps[2 * i + 1] }));
  }

  /** Destroys the query set and its buffers. */
  destroy(): void {
    this.querySet.destroy();
    this.engine.memory.destroy(this.resolveBuffer);
    this.engine.memory.destroy(this.readBuffer);
  }
}

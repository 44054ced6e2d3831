// An owner of GPU buffers. A prepared KernelCall binds buffers its prepare* function made (uniforms, scratch such
// as kNN norms, combine row terms, split-K partials); they live in the scope the call was prepared in, and the
// maker of the calls (a TrainingPlan, a learner, a meta-learner, a bench case) disposes that scope once, which
// destroys them all. Scopes nest: a child is disposed with its parent, or on its own before.
import type { Engine } from './engine.js';
import { DisposedError } from '../errors.js';
import { createArray, type ElementType, type GpuArray } from './gpuArray.js';
import { destroyBuffer } from './gpuMemory.js';

/**
 * An owner of GPU buffers: arrays, uniforms and kernel scratch made through it are destroyed together by `dispose()`.
 * Prepared KernelCalls hold the scope their buffers live in, and a Recorder refuses a call whose scope is disposed
 * (DisposedError). Use withScope for a scope that lives as long as one async function.
 */
export class GpuScope {
  private readonly buffers = new Set<GPUBuffer>();
  private readonly children = new Set<GpuScope>();
  private closed = false;

  constructor(readonly engine: Engine, readonly label: string, private readonly parent?: GpuScope) {}

  /** True once `dispose()` ran (or its parent's did); adding to a disposed scope throws DisposedError. */
  get disposed(): boolean {
    return this.closed;
  }

  /** A new array owned by this scope. */
  array(label: string, shape: readonly number[], data?: ArrayLike<number>, dtype: ElementType = 'f32'): GpuArray {
    this.checkOpen(label);
    return this.adopt(createArray(this.engine, label, shape, data, dtype));
  }

  /** A new buffer owned by this scope (for buffers that are not storage arrays: uniforms, timestamp resolves). */
  buffer(descriptor: GPUBufferDescriptor): GPUBuffer {
    this.checkOpen(descriptor.label ?? 'buffer');
    return this.own(this.engine.memory.create(descriptor));
  }

  /**
   * A uniform buffer of u32/f32 parameters, packed in order, 4 bytes each (a `{ f32 }` entry is stored as
   * float32 bits), padded to 16 bytes.
   */
  uniform(label: string, values: readonly (number | { f32: number })[]): GPUBuffer {
    const size = Math.max(16, Math.ceil((values.length * 4) / 16) * 16);
    const buffer = this.buffer({ label: `${label} (params)`, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
    const range = buffer.getMappedRange();
    const u32 = new Uint32Array(range);
    const f32 = new Float32Array(range);
    values.forEach((v, i) => {
      if (typeof v === 'number') u32[i] = v;
      else f32[i] = v.f32;
    });
    buffer.unmap();
    return buffer;
  }

  /** Takes ownership of an array made elsewhere. */
  adopt<T extends GpuArray>(array: T): T {
    this.own(array.buffer);
    return array;
  }

  /** Hands an array out of the scope: the caller owns it from now on. */
  release<T extends GpuArray>(array: T): T {
    this.buffers.delete(array.buffer);
    return array;
  }

  /** A scope disposed with this one, or earlier on its own. */
  child(label: string): GpuScope {
    this.checkOpen(label);
    const child = new GpuScope(this.engine, `${this.label} / ${label}`, this);
    this.children.add(child);
    return child;
  }

  /** Destroys every buffer of this scope and its children; later calls do nothing. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const child of [...this.children]) child.dispose();
    for (const buffer of this.buffers) destroyBuffer(buffer);
    this.buffers.clear();
    this.parent?.children.delete(this);
  }

  private own(buffer: GPUBuffer): GPUBuffer {
    if (this.closed) {
      destroyBuffer(buffer);
      this.checkOpen(buffer.label);
    }
    this.buffers.add(buffer);
    return buffer;
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new DisposedError(`${this.label}: cannot add ${what} to a disposed scope`);
  }
}

/** Runs `work` with a scope that is disposed when it settles; arrays it `release`s outlive the scope. */
export async function withScope<T>(engine: Engine, label: string, work: (scope: GpuScope) => Promise<T>): Promise<T> {
  const scope = new GpuScope(engine, label);
  try {
    return await work(scope);
  } finally {
    scope.dispose();
  }
}

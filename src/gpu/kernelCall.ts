// A dispatch made ready once (pipeline, bind group, workgroup counts) and encoded as often as needed.
import type { Engine } from './engine.js';
import type { GpuArray } from './gpuArray.js';
import type { GpuScope } from './gpuScope.js';
import type { KernelPipeline } from './pipelines.js';

/**
 * One dispatch made ready by a kernel's prepare* function: pipeline, bind group and workgroup counts, encoded as
 * often as needed by `run` or a Recorder without any further host work.
 */
export interface KernelCall {
  /** The kernel family (`matmul`, `dense`, …): GPU errors and timings are reported under it. */
  readonly kernel: string;
  /**
   * This call's own name (kernel, operands, variant), carried into its compute pass for validation messages and traces.
   */
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  /** Workgroups dispatched along x, y and z. */
  readonly workgroups: readonly [number, number, number];
  /** Floating-point operations done by one dispatch, for throughput (0 when not counted). */
  readonly flops: number;
  /** Bytes one dispatch reads and writes, for bandwidth (0 when not counted). */
  readonly bytes: number;
  /** Holds the buffers this call binds that its prepare* made (uniforms, scratch); the call dies with it. */
  readonly owner: GpuScope;
}

/** A buffer bound to a call: a GpuArray, or a raw buffer (a uniform, scratch). */
export type Binding = GpuArray | GPUBuffer;

/**
 * A call of `pipeline` on `bindings`, given in the shader's `@binding` order (0, 1, 2, …) of `@group(0)`; missing
 * workgroup counts are 1. `work` is one dispatch's flops and bytes, for throughput. The bind group lives as long as
 * the buffers' owner: `owner` must hold every buffer this call's prepare* made.
 */
export function makeCall(
  owner: GpuScope,
  pipeline: KernelPipeline,
  label: string,
  bindings: readonly Binding[],
  workgroups: readonly [number, number?, number?],
  work: { flops?: number; bytes?: number } = {},
): KernelCall {
  const bindGroup = owner.engine.device.createBindGroup({
    label,
    layout: pipeline.layout,
    entries: bindings.map((b, binding) => ({ binding, resource: { buffer: 'buffer' in b ? b.buffer : b } })),
  });
  return {
    kernel: pipeline.kernel,
    label,
    pipeline: pipeline.pipeline,
    bindGroup,
    workgroups: [workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1],
    flops: work.flops ?? 0,
    bytes: work.bytes ?? 0,
    owner,
  };
}

/** Workgroups needed to cover `n` items with `size` per workgroup. */
export function groups(n: number, size: number): number {
  return Math.max(1, Math.ceil(n / size));
}

/**
 * Workgroups covering `n` items, `size` per workgroup, as a 2-D grid whose rows stay within the device's
 * per-dimension limit; a shader reads its item as id.x + id.y · num_workgroups.x · size.
 */
export function rowsOfGroups(engine: Engine, n: number, size: number): [number, number] {
  const total = groups(n, size);
  const rows = Math.ceil(total / engine.device.limits.maxComputeWorkgroupsPerDimension);
  return [Math.ceil(total / rows), rows];
}

/** Workgroups covering `n` items, capped at the per-dimension limit: for shaders that stride over the rest. */
export function cappedGroups(engine: Engine, n: number, size: number): number {
  return Math.min(groups(n, size), engine.device.limits.maxComputeWorkgroupsPerDimension);
}

// One implementation of a benchmark case (the custom kernels, or the tfjs ops doing the same work), made ready
// once and then run as often as the harness asks.
import { median } from '../data/quantiles.js';
import type { Tolerance } from './userKernel/tolerance.js';
import type { KernelBreakdown } from './kernelBreakdown.js';

/** GPU timestamps of an Impl's iterations, as the harness reads them. */
export interface GpuTimes {
  /** Per iteration: the sum of its passes' deltas, in nanoseconds (bigint: exact, for the quantization check). */
  perIterationNs: bigint[];
  /** Every pass's delta, for the clock check. */
  deltasNs: bigint[];
  /** One iteration's dispatches, for the trace; startNs is null where only durations are known (tfjs). */
  dispatches: { name: string; startNs: number | null; durationNs: number }[];
  /** Each dispatch of an iteration, by position: the median of its GPU time over the iterations. */
  profile: { name: string; medianMs: number }[];
}

/**
 * One implementation of a benchmark case (the custom kernels, a tfjs op, a user kernel), made ready once and then
 * run as often as the harness asks.
 */
export interface Impl {
  /** 'custom', 'tfjs', 'tfjs-fused', … */
  readonly name: string;
  /** Time spent making pipelines before anything ran; null where the library gives no way to separate it. */
  readonly compileMs: number | null;
  /** Queues one iteration's work; returns a promise only where the library waits inside a step (trainOnBatch). */
  enqueue(): void | Promise<void>;
  /** Submits whatever is queued (the harness then waits for onSubmittedWorkDone). */
  flush(): Promise<void>;
  /** GPU timestamps over `iterations` iterations, or why there are none. */
  gpuTimes(iterations: number): Promise<GpuTimes | { unavailable: string }>;
  /** The outputs of the last iteration, flattened and concatenated, for the agreement check. */
  outputs(): Promise<Float32Array>;
  /** Models one iteration steps, where it differs from the case's work.modelSteps (a baseline run on fewer models). */
  readonly modelSteps?: number;
  /** One iteration's dispatches with their grids (custom kernels and user kernels; tfjs gives none). */
  readonly launch?: Launch;
  /** A user kernel's own bound against the float64 reference (rtol/atol); absent or null: float32's. */
  readonly tolerance?: Tolerance | null;
  /** Writes past an output's end seen so far, in words (user kernels, whose outputs carry guard bands). */
  outOfBounds?(): Promise<string[]>;
  /** Time per tfjs kernel of the profiled runs its gpuTimes made, and memory (`bench model`). */
  kernelBreakdown?(): Promise<KernelBreakdown>;
  /** Releases what the impl allocated itself (the case owns inputs and outputs). */
  dispose?(): void;
}

/** How an implementation launches one iteration: its dispatches, and for a user kernel its workgroup and tile. */
export interface Launch {
  /** Each dispatch's label and workgroups along x, y, z. */
  dispatches: { name: string; grid: readonly [number, number, number] }[];
  /** A user kernel's @workgroup_size (from its header) and outputs per workgroup. */
  workgroupSize?: readonly [number, number, number];
  tile?: { rows: number; cols: number };
}

/** What gpuTimes returns on a device without `timestamp-query`. */
export const noTimestampQuery = { unavailable: 'the device has no timestamp-query feature' };

/** Per-position medians of per-iteration dispatch deltas (iterations that dispatched a different count are skipped). */
export function dispatchProfile(names: readonly string[], iterations: readonly (readonly bigint[])[]): GpuTimes['profile'] {
  const same = iterations.filter((deltas) => deltas.length === names.length);
  return names.map((name, i) => ({ name, medianMs: median(same.map((deltas) => Number(deltas[i]) / 1e6)) }));
}

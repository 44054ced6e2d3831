// A model case's time per tfjs kernel: the profiled runs (kernelTimer.ts) summed by kernel name, each name's
// median over the runs, with its share of the total; and the memory the case holds.
import { median } from '../data/quantiles.js';
import type { KernelClock, ProfiledCall } from './kernelTimer.js';

/** One tfjs kernel of a model call: how often one call runs it, and its time per call. */
export interface KernelRow {
  /** tfjs's kernel name (Conv2D, _FusedMatMul, Add…). */
  name: string;
  /** Calls of this kernel in one call of the model. */
  calls: number;
  /** Milliseconds per model call, the median over the profiled runs. */
  ms: number;
  /** ms / the total of every kernel's ms. */
  share: number;
}

/** Bytes a model case holds, read after its profiled runs. */
export interface ModelMemory {
  /** tf.memory().numBytes: every tensor tfjs holds (the model's weights, inputs, last outputs, optimizer state…). */
  tfjsBytes: number;
  /** The most bytes tfjs's tensors held at once during a profiled call. */
  tfjsPeakBytes: number;
  /** stacklab's own GPU buffers now (the drop-in's, the engine's), and their peak since the engine was opened. */
  engineLiveGpuBytes: number;
  enginePeakGpuBytes: number;
}

/** What the drop-in did in one model call: calls its kernels answered, and calls handed to tfjs's kernel. */
export interface DropInCalls {
  /** Per tfjs kernel name (BatchMatMul, _FusedMatMul…). */
  answered: Record<string, number>;
  /** Per reason ("compiling", "activation elu"…). */
  fellThrough: Record<string, number>;
}

/** The per-kernel breakdown of a model case, as `--json` writes it. */
export interface KernelBreakdown {
  /** GPU timestamps where the adapter has timestamp-query, else the wall clock. */
  clock: KernelClock;
  /** Profiled runs the medians are taken over. */
  runs: number;
  /** Slowest first. */
  kernels: KernelRow[];
  /** The kernels' ms summed: one model call as the profiled runs saw it (fenced kernel by kernel, so above the timed median). */
  totalMs: number;
  memory: ModelMemory;
  /** With stacklab's kernels registered in tfjs: what they answered per model call. */
  dropIn?: DropInCalls;
}

/** Sums each run's kernel times by name and takes each name's median over the runs; the slowest kernel first. */
export function kernelBreakdown(runs: readonly ProfiledCall[], memory: ModelMemory): KernelBreakdown {
  const names = [...new Set(runs.flatMap((run) => run.kernels.map((k) => k.name)))];
  const perRun = (name: string, value: (k: { ms: number }) => number) => runs.map((run) => run.kernels.filter((k) => k.name === name).reduce((sum, k) => sum + value(k), 0));
  const rows = names.map((name) => ({ name, calls: median(perRun(name, () => 1)), ms: median(perRun(name, (k) => k.ms)), share: 0 }));
  const totalMs = rows.reduce((sum, row) => sum + row.ms, 0);
  for (const row of rows) row.share = totalMs > 0 ? row.ms / totalMs : 0;
  return { clock: runs[0]?.clock ?? 'wall clock', runs: runs.length, kernels: rows.sort((a, b) => b.ms - a.ms), totalMs, memory };
}

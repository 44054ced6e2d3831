// The bench result records: what `--json` writes (per ../shared ARCHITECTURE.md) and what the reports read.
import type { GpuClockVerdict } from './gpuClock.js';
import type { KernelCheck } from './userKernel/check.js';
import type { Phases } from './measure.js';
import type { Summary } from './stats.js';

export interface CaseResult {
  suite: string;
  case: string;
  impl: string;
  shape: Record<string, number>;
  /** Wall-clock samples in the steady state; each is the mean of iterationsPerSample queued iterations. */
  samples: number;
  wallMs: Summary;
  /** From GPU timestamps; null when the clock is unavailable, quantized or zero (gpuClock says which). */
  gpuMs: Summary | null;
  gpuClock: GpuClockVerdict;
  /** Each dispatch of one iteration with its median GPU time: the per-kernel breakdown (e.g. of a training step). */
  gpuProfile: { name: string; medianMs: number }[];
  /** From the wall-clock median. */
  gflops?: number;
  gbps?: number;
  /** Models × training steps per second (train-step-batched). */
  modelStepsPerSecond?: number;
  /** Against the custom implementation's output (for custom: the largest over the others). */
  maxAbsErr: number;
  tolerance: number;
  toleranceRule: string;
  ok: boolean;
  phases: Phases;
}

export interface BenchComparison {
  suite: string;
  case: string;
  baseline: string;
  candidate: string;
  /** baseline wall median / candidate wall median: above 1, the candidate is faster. */
  speedup: number;
  /** The same from GPU timestamp medians, when both have a usable GPU clock. */
  gpuSpeedup: number | null;
}

/** A slice for the Chrome trace, on performance.now()'s timeline (ms). */
export interface TraceSlice {
  name: string;
  category: string;
  lane: string;
  startMs: number;
  durationMs: number;
  args?: Record<string, unknown>;
}

export interface BenchRun {
  results: CaseResult[];
  comparisons: BenchComparison[];
  slices: TraceSlice[];
  /** quick, full, or the shapes given with --shapes. */
  sweep: string;
  /** The --kernel files, each checked against the float64 reference before anything was timed. */
  kernelChecks: KernelCheck[];
}

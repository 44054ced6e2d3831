// What a benchmark suite provides: its cases for a list of shapes, and each case made ready on an engine as
// the custom implementation plus the tfjs op(s) doing the same work on the same inputs.
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import type { Impl } from './impl.js';

export type Sweep = 'quick' | 'full';

/** A case as plain data, so it can cross into the browser page. */
export interface CaseSpec {
  suite: string;
  name: string;
  shape: Record<string, number>;
  /** Suite-specific switches (e.g. matmul transposes). */
  form?: Record<string, boolean | string>;
}

export interface PreparedCase {
  /** `custom` first: every other impl is checked against it and compared with it. */
  impls: Impl[];
  /** Largest |custom − other| per element that float32 rounding explains, and how it was derived. */
  tolerance: number;
  toleranceRule: string;
  /** The case's inputs by the names of the suite's user-kernel contract (src/bench/userKernel/contracts.ts). */
  operands?: Record<string, GpuArray>;
  /** One iteration's work, for throughput. */
  work: { flops: number; bytes: number; modelSteps?: number };
  dispose(): void;
}

export interface Suite {
  name: string;
  /** gflops and gbps from work.flops / work.bytes; modelSteps: models × training steps per second (work.modelSteps). */
  metric: 'gflops' | 'gbps' | 'modelSteps';
  /** What the numbers of `--shapes AxBxC` mean for this suite. */
  shapeMeaning: string;
  defaultShapes(sweep: Sweep): number[][];
  cases(shapes: number[][], options: { transposed: boolean; builtIn: boolean }): CaseSpec[];
  prepare(engine: Engine, spec: CaseSpec): Promise<PreparedCase>;
}

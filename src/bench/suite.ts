// What a benchmark suite provides: its cases for a list of shapes, and each case made ready on an engine as
// the custom implementation plus the tfjs op(s) doing the same work on the same inputs.
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import type { BenchModel } from './benchModel.js';
import type { Impl } from './impl.js';

/** A suite's default shapes: `quick` (a few, for CPU adapters and checks) or `full`. */
export type Sweep = 'quick' | 'full';

/** A case as plain data, so it can cross into the browser page. */
export interface CaseSpec {
  suite: string;
  name: string;
  /** The case's dimensions by name, in the suite's order (M, N, K; batch, inputs, outputs; …). */
  shape: Record<string, number>;
  /** Suite-specific switches (e.g. matmul transposes). */
  form?: Record<string, boolean | string>;
}

/** A case made ready on an engine: its implementations, its agreement tolerance and its work; dispose() frees it. */
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
  /** The longest one iteration may take where its work cannot be counted (a user's model); else defaultBudgetMs(work). */
  budgetMs?: number;
  /** Frees the case's inputs and outputs (each Impl frees its own). */
  dispose(): void;
}

/** What a run gives every suite's prepare beyond the case: the model of `bench model --from`. */
export interface SuiteContext {
  model?: BenchModel;
}

/**
 * A benchmark suite: its cases for a list of shapes, and each case made ready on an engine as the custom
 * implementation beside the tfjs op(s) doing the same work on the same inputs.
 */
export interface Suite {
  /** The name `stacklab bench` takes (`matmul`, `dense-forward`, …). */
  name: string;
  /** gflops and gbps from work.flops / work.bytes; modelSteps: models × training steps per second (work.modelSteps). */
  metric: 'gflops' | 'gbps' | 'modelSteps';
  /** What the numbers of `--shapes AxBxC` mean for this suite. */
  shapeMeaning: string;
  /** The shapes a sweep runs when `--shapes` is not given. */
  defaultShapes(sweep: Sweep): number[][];
  /**
   * The cases for these shapes: `transposed` adds the transposed-operand forms, `builtIn` false when the shapes came
   * from `--shapes`, `model` the model of `bench model --from`.
   */
  cases(shapes: number[][], options: { transposed: boolean; builtIn: boolean; model?: BenchModel }): CaseSpec[];
  /** Makes a case ready: inputs uploaded, pipelines compiled, every implementation built. */
  prepare(engine: Engine, spec: CaseSpec, context: SuiteContext): Promise<PreparedCase>;
}

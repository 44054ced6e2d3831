// Times one matmul variant on one shape for `stacklab tune`: compiled and warmed first, then samples of
// `dispatches` queued runs each, timed by GPU timestamps when the device has them and their clock is usable,
// else by the wall clock from submit to onSubmittedWorkDone.
import { judgeGpuDeltas } from './gpuClock.js';
import { maxTimedPasses, QueryTimer } from '../gpu/queryTimer.js';
import { median } from '../data/quantiles.js';
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import { withScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { finished, Recorder } from '../gpu/recorder.js';
import { prepareMatmulSteps } from '../kernels/matmul.js';
import type { MatmulVariant } from '../kernels/matmulVariants.js';

/** One matmul variant timed on one shape by `stacklab tune`. */
export interface VariantTiming {
  /** The variant's name. */
  variant: string;
  /** Which clock the samples are from. */
  clock: 'gpu-timestamps' | 'wall-clock';
  /** Why GPU timestamps were not used, when they were not. */
  clockNote?: string;
  /** Matmuls queued per sample. */
  dispatches: number;
  /** Milliseconds per matmul (all of a variant's passes), one per sample. */
  samplesMs: number[];
  /** Median of samplesMs. */
  medianMs: number;
  /** From the median: 2·M·N·K / time. */
  gflops: number;
}

async function wallMs(engine: Engine, steps: readonly KernelCall[], dispatches: number): Promise<number> {
  const recorder = new Recorder(engine, 'tune');
  for (let i = 0; i < dispatches; i++) for (const step of steps) recorder.dispatch(step);
  const start = performance.now();
  await recorder.submit();
  await finished(engine);
  return (performance.now() - start) / dispatches;
}

async function gpuMs(engine: Engine, timer: QueryTimer, steps: readonly KernelCall[], dispatches: number): Promise<{ ms: number; deltas: bigint[] }> {
  const recorder = new Recorder(engine, 'tune', timer);
  for (let i = 0; i < dispatches; i++) for (const step of steps) recorder.dispatch(step);
  await recorder.submit();
  const passes = await timer.read();
  const deltas = passes.map((p) => p.endNs - p.beginNs);
  return { ms: deltas.reduce((sum, d) => sum + Number(d), 0) / 1e6 / dispatches, deltas };
}

/**
 * Times one matmul variant on C = A·B: compiled and warmed first, then `samples` samples of queued dispatches,
 * by GPU timestamps when the device has them and their clock is usable, else by the wall clock. `minMs`: roughly
 * how long one sample should run, so short kernels are averaged over many dispatches.
 */
export async function timeVariant(
  engine: Engine,
  operands: { a: GpuArray; b: GpuArray; c: GpuArray },
  variant: MatmulVariant,
  options: { samples: number; minMs: number },
): Promise<VariantTiming> {
  return withScope(engine, `tune ${variant.name}`, async (scope) =>
    timeSteps(engine, await prepareMatmulSteps(scope, operands.a, operands.b, operands.c, { variant }), operands, variant, options),
  );
}

async function timeSteps(
  engine: Engine,
  steps: KernelCall[],
  operands: { a: GpuArray; b: GpuArray; c: GpuArray },
  variant: MatmulVariant,
  options: { samples: number; minMs: number },
): Promise<VariantTiming> {
  const first = await wallMs(engine, steps, 1);
  const maxDispatches = Math.floor(maxTimedPasses / steps.length);
  const dispatches = Math.max(1, Math.min(maxDispatches, Math.ceil(options.minMs / Math.max(first, 1e-3))));
  const [M, N] = operands.c.shape;
  const flops = 2 * M * N * operands.a.shape[1];

  let clock: VariantTiming['clock'] = 'wall-clock';
  let clockNote: string | undefined = engine.facts.timestamps ? undefined : 'the device has no timestamp-query feature';
  const samplesMs: number[] = [];
  if (engine.facts.timestamps) {
    const timer = new QueryTimer(engine, dispatches * steps.length, `tune ${variant.name}`);
    try {
      const all: bigint[] = [];
      for (let s = 0; s < options.samples; s++) {
        const { ms, deltas } = await gpuMs(engine, timer, steps, dispatches);
        samplesMs.push(ms);
        all.push(...deltas);
      }
      const verdict = judgeGpuDeltas(all);
      if (verdict.status === 'ok') clock = 'gpu-timestamps';
      else {
        clockNote = `GPU timestamps unusable (${verdict.status}: ${verdict.detail})`;
        samplesMs.length = 0;
      }
    } finally {
      timer.destroy();
    }
  }
  if (clock === 'wall-clock') for (let s = 0; s < options.samples; s++) samplesMs.push(await wallMs(engine, steps, dispatches));
  const medianMs = median(samplesMs);
  return { variant: variant.name, clock, ...(clockNote ? { clockNote } : {}), dispatches, samplesMs, medianMs, gflops: flops / (medianMs * 1e6) };
}

// The custom kernels of a case as an Impl: prepared KernelCalls encoded through the Recorder, GPU timestamps
// from a QueryTimer on every pass.
import { concat } from '../data/concat.js';
import type { Engine } from '../gpu/engine.js';
import { readArray, type GpuArray } from '../gpu/gpuArray.js';
import { GpuScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { Recorder } from '../gpu/recorder.js';
import { dispatchProfile, noTimestampQuery, type GpuTimes, type Impl } from './impl.js';
import { maxTimedPasses, QueryTimer, type PassTime } from '../gpu/queryTimer.js';

/**
 * `prepare` makes the pipelines and bind groups in the impl's scope (its uniforms and scratch live there until
 * dispose()); it is timed as the compile phase and never runs again.
 */
export async function customImpl(
  engine: Engine,
  name: string,
  prepare: (scope: GpuScope) => Promise<KernelCall[]>,
  outputs: readonly GpuArray[] | (() => Promise<Float32Array>),
): Promise<Impl> {
  const scope = new GpuScope(engine, `bench ${name}`);
  const started = performance.now();
  let calls: KernelCall[];
  try {
    calls = await prepare(scope);
  } catch (error) {
    scope.dispose();
    throw error;
  }
  const compileMs = performance.now() - started;
  const label = `bench ${name} ${calls.map((c) => c.label).join(' + ')}`;
  const recorder = new Recorder(engine, label);
  return {
    name,
    compileMs,
    launch: { dispatches: calls.map((c) => ({ name: c.label, grid: c.workgroups })) },
    enqueue() {
      for (const call of calls) recorder.dispatch(call);
    },
    flush: () => recorder.submit(),
    async gpuTimes(iterations) {
      if (!engine.facts.timestamps) return noTimestampQuery;
      const perBatch = Math.max(1, Math.min(iterations, Math.floor(maxTimedPasses / calls.length)));
      // One query set and recorder for every batch: the timer's read() starts it over.
      const timer = new QueryTimer(engine, perBatch * calls.length, label);
      try {
        const timed = new Recorder(engine, `${label} (timed)`, timer);
        const passes: PassTime[] = [];
        for (let done = 0; done < iterations; done += perBatch) {
          const count = Math.min(perBatch, iterations - done);
          for (let i = 0; i < count; i++) for (const call of calls) timed.dispatch(call);
          await timed.submit();
          passes.push(...(await timer.read()));
        }
        return passTimes(passes, calls.length);
      } finally {
        timer.destroy();
      }
    },
    async outputs() {
      if (typeof outputs === 'function') return outputs();
      return concat(await Promise.all(outputs.map((o) => readArray(engine, o))));
    },
    dispose: () => scope.dispose(),
  };
}

function passTimes(passes: readonly PassTime[], perIteration: number): GpuTimes {
  const deltasNs = passes.map((p) => p.endNs - p.beginNs);
  const iterations: bigint[][] = [];
  for (let i = 0; i < deltasNs.length; i += perIteration) iterations.push(deltasNs.slice(i, i + perIteration));
  const first = passes.slice(0, perIteration);
  const origin = first[0]?.beginNs ?? 0n;
  return {
    perIterationNs: iterations.map((deltas) => deltas.reduce((a, b) => a + b, 0n)),
    deltasNs,
    profile: dispatchProfile(first.map((p) => p.label), iterations),
    dispatches: first.map((p) => ({ name: p.label, startNs: Number(p.beginNs - origin), durationNs: Number(p.endNs - p.beginNs) })),
  };
}


// The tfjs op(s) of a case as an Impl, on the engine's device through tfjs-backend-webgpu.
import { TfjsBackendError } from '../errors.js';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { submitTfjsWork as flushTfjs, tf } from '../gpu/tfjsBackend.js';
import type { Engine } from '../gpu/engine.js';
import { concat } from '../data/concat.js';
import { dispatchProfile, noTimestampQuery, type GpuTimes, type Impl } from './impl.js';

export type TfjsOp = () => tf.Tensor | tf.Tensor[];

function asList(result: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(result) ? result : [result];
}

/** Impl.flush for tfjs work. */
export async function submitTfjsWork(): Promise<void> {
  flushTfjs();
}

/**
 * `op` must only read tensors the case owns (made with tensorFromArray) and return its outputs; intermediate
 * tensors are tidied. Compile time is separated with tfjs's WEBGPU_ENGINE_COMPILE_ONLY mode, which builds the
 * pipelines an op needs without dispatching it.
 */
export async function tfjsImpl(engine: Engine, name: string, op: TfjsOp): Promise<Impl> {
  const backend = tf.backend() as WebGPUBackend;
  if (tf.getBackend() !== 'webgpu' || (backend as unknown as { device: GPUDevice }).device !== engine.device) {
    throw new TfjsBackendError(`${name}: tfjs runs on backend "${tf.getBackend()}", not on this engine's device; call bindTfjs(engine) first`);
  }
  const started = performance.now();
  tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
  try {
    tf.dispose(tf.tidy(op));
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', false);
  }
  await backend.checkCompileCompletionAsync();
  const compileMs = performance.now() - started;
  let last: tf.Tensor[] = [];
  return {
    name,
    compileMs,
    enqueue() {
      tf.dispose(last);
      last = asList(tf.tidy(op));
    },
    flush: submitTfjsWork,
    async gpuTimes(iterations) {
      if (!engine.facts.timestamps) return noTimestampQuery;
      const times: GpuTimes = { perIterationNs: [], deltasNs: [], dispatches: [], profile: [] };
      const iterationsNs: bigint[][] = [];
      let names: string[] = [];
      for (let i = 0; i < iterations; i++) {
        const timing = await tf.time(() => tf.dispose(tf.tidy(op)));
        const programs = programTimes(timing);
        const deltas = programs.map((p) => BigInt(Math.round(p.ms * 1e6)));
        iterationsNs.push(deltas);
        times.deltasNs.push(...deltas);
        times.perIterationNs.push(deltas.reduce((a, b) => a + b, 0n));
        if (i === 0) {
          names = programs.map((p) => p.name);
          times.dispatches = programs.map((p) => ({ name: p.name, startNs: null, durationNs: p.ms * 1e6 }));
        }
      }
      times.profile = dispatchProfile(names, iterationsNs);
      return times;
    },
    async outputs() {
      return concat(await Promise.all(last.map(async (t) => Float32Array.from(await t.data()))));
    },
    dispose() {
      tf.dispose(last);
      last = [];
    },
  };
}

/** tfjs reports each program's time only as text ("Name: ms, Name: ms"); the backend measured them with timestamps. */
function programTimes(timing: tf.TimingInfo): { name: string; ms: number }[] {
  const info = (timing as tf.TimingInfo & { getExtraProfileInfo?: () => string }).getExtraProfileInfo?.() ?? '';
  const programs = [...info.matchAll(/([A-Za-z0-9_]+): ([-0-9.e+]+)/g)].map((m) => ({ name: m[1], ms: Number(m[2]) }));
  return programs.length ? programs : [{ name: 'tfjs', ms: timing.kernelMs as number }];
}

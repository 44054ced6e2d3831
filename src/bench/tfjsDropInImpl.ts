// A tfjs Impl run with stacklab's kernels registered in tfjs (the drop-in, src/kernels/tfjsDropIn.ts) for as long
// as each of its calls lasts, so one case can time the same tfjs work with and without them.
import type { Engine } from '../gpu/engine.js';
import { useStacklabKernels, type StacklabKernelsHandle } from '../kernels/tfjsDropIn.js';
import type { Impl } from './impl.js';
import type { DropInCalls } from './kernelBreakdown.js';

async function during<T>(engine: Engine, body: (handle: StacklabKernelsHandle) => T | Promise<T>): Promise<T> {
  const handle = await useStacklabKernels(engine);
  try {
    return await body(handle);
  } finally {
    handle.restore();
  }
}

/** Counts per iteration. */
function perIteration(counts: Record<string, number>, iterations: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).map(([name, n]) => [name, n / iterations]));
}

/**
 * `make()`'s Impl named `<name>+stacklab`. A throwaway second Impl from `make` runs one iteration first: it meets
 * every shape, so the pipelines are compiled (the compile phase) and none is compiled on a timed path, while the
 * timed Impl starts from the same state as the tfjs-only one.
 */
export async function withStacklabKernels(engine: Engine, make: () => Impl): Promise<Impl> {
  const started = performance.now();
  const warm = make();
  try {
    await during(engine, async (handle) => {
      await warm.enqueue();
      await warm.flush();
      await handle.ready();
    });
  } finally {
    warm.dispose?.();
  }
  const compileMs = performance.now() - started;
  const impl = make();
  // A GPU error of a drop-in call arrives after the call returned: the handle keeps it, and flush (all work done)
  // throws it, so a failing kernel can never leave a timed row looking fine.
  let last: StacklabKernelsHandle | null = null;
  const installed = <T>(body: (handle: StacklabKernelsHandle) => T | Promise<T>) =>
    during(engine, (handle) => {
      last = handle;
      return body(handle);
    });
  // What the drop-in answered during the GPU-timed iterations, for the kernel breakdown.
  let profiledCalls: DropInCalls | null = null;
  return {
    name: `${impl.name}+stacklab`,
    compileMs,
    enqueue: () => installed(() => impl.enqueue()),
    flush: async () => {
      await impl.flush();
      await last?.ready();
    },
    gpuTimes: async (iterations) => {
      const { times, handle } = await installed(async (handle) => ({ times: await impl.gpuTimes(iterations), handle }));
      await handle.ready();
      const { calls, fellThrough } = handle;
      profiledCalls = { answered: perIteration(calls, iterations), fellThrough: perIteration(fellThrough, iterations) };
      return times;
    },
    outputs: () => impl.outputs(),
    ...(impl.kernelBreakdown ? { kernelBreakdown: async () => ({ ...(await impl.kernelBreakdown!()), ...(profiledCalls ? { dropIn: profiledCalls } : {}) }) } : {}),
    dispose: () => impl.dispose?.(),
  };
}

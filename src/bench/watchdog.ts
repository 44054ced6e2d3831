// A time budget per dispatch of a check or a timing. WebGPU cannot cancel work once submitted: on Dawn/SwiftShader
// a never-ending shader keeps onSubmittedWorkDone pending forever and device.destroy() then blocks the thread (seen
// in Node), so on expiry the engine is marked lost (closeEngine then leaves the device alone) and the error thrown;
// the host gives the device up (the CLI exits, the browser is killed).
import { DeviceLostError, KernelTimeoutError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';

/** What a wait is for: the kernel, the shape, and how long one dispatch of it may take. */
export interface DispatchBudget {
  kernel: string;
  shape: string;
  /** For one dispatch (one iteration); a wait for n iterations gets n times this. */
  ms: number;
}

/** The floor of every default budget: start-up costs (pipeline compile, first-use allocation) fit in it. */
const floorMs = 10_000;
/**
 * Work per millisecond the default budget assumes: about 5× slower than SwiftShader's naive matmul on a busy
 * 2-core machine, so no honest kernel on any adapter hits it.
 */
const slowestFlopsPerMs = 1e4;
const slowestBytesPerMs = 1e4;

/** The default budget of one dispatch doing `work`: 10 s plus the work at a pessimistic software-rendering rate. */
export function defaultBudgetMs(work: { flops: number; bytes: number }): number {
  return floorMs + work.flops / slowestFlopsPerMs + work.bytes / slowestBytesPerMs;
}

/**
 * Waits for `work` at most `iterations` × the budget; on expiry marks the engine lost and throws KernelTimeoutError
 * naming the kernel, the shape and the budget.
 */
export async function withinBudget<T>(engine: Engine, work: Promise<T>, budget: DispatchBudget, what: string, iterations = 1): Promise<T> {
  const ms = budget.ms * iterations;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      engine.lost = new DeviceLostError('timeout', `${budget.kernel} on ${budget.shape} ran past its budget of ${ms} ms`);
      reject(new KernelTimeoutError(budget.kernel, budget.shape, ms, what));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

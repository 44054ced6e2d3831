// WebGPU reports errors asynchronously through error scopes; this turns them into thrown, named errors.
import type { Engine } from './engine.js';
import { GpuKernelError } from '../errors.js';

/** Runs `body` inside validation, out-of-memory and internal error scopes; throws the first error, naming `kernel`. */
export async function withErrorScope<T>(engine: Engine, kernel: string, body: () => T | Promise<T>): Promise<T> {
  const { device } = engine;
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await body() };
  } catch (error) {
    outcome = { error };
  }
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  const internal = await device.popErrorScope();
  // A GPU error explains a failed body better than whatever the body threw after it.
  if (validation) throw new GpuKernelError(kernel, 'validation', validation.message);
  if (memory) throw new GpuKernelError(kernel, 'out-of-memory', memory.message);
  if (internal) throw new GpuKernelError(kernel, 'internal', internal.message);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

// tfjs-backend-wasm has no out-of-memory error of its own: its heap is a 32-bit wasm memory that cannot grow past
// 4 GiB, and a kernel whose allocation fails writes through a null pointer, which surfaces as a WebAssembly
// RuntimeError "memory access out of bounds" (or emscripten's "Cannot enlarge memory" / "Aborted(OOM)"). Those are
// turned into an error naming what ran and the option that makes it smaller, never a stack trace.
import { TransferOptionError } from './errors.js';

const outOfMemory = /memory access out of bounds|cannot enlarge memory|aborted\(oom\)|out of memory|array buffer allocation failed/i;

/** The error is a wasm (or JavaScript heap) allocation failure. */
export function isOutOfMemory(error: unknown): boolean {
  return (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) || (error instanceof Error && outOfMemory.test(error.message));
}

/** Runs `work`; an out-of-memory failure becomes a TransferOptionError for `option` saying what ran (`what`). */
export async function withOutOfMemoryAdvice<T>(work: () => Promise<T>, option: string, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    throw new TransferOptionError(option, `ran out of memory ${what} (${(error as Error).message}); set it lower`);
  }
}

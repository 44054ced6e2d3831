// Waits on the page that end only when the page goes silent: any console line is a sign of life that restarts
// the clock, so long runs that report progress are not cut off while a silent hang still is.
import { EngineError } from '../errors.js';

/** Listeners called on every sign of life from the page. */
export interface Activity {
  listeners: Set<() => void>;
}

/** Rejects if `promise` has not settled within `ms`, counting from the last sign of life in `activity`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, activity?: Activity): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  let fail: (error: Error) => void;
  const timeout = new Promise<never>((_, reject) => (fail = reject));
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => fail(new EngineError(`browser host: nothing from the page for ${ms} ms ${what} (STACKLAB_BROWSER_TIMEOUT_MS raises the limit)`)), ms);
  };
  arm();
  activity?.listeners.add(arm);
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
    activity?.listeners.delete(arm);
  });
}

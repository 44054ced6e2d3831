// Entry of the browser page bundle: every page call registered, and the API exposed to puppeteer as
// window.stacklabPage. Every call's stacklab error comes back as a value (protocol/pageOutcome.ts), which PageBridge.call
// throws again on the Node side.
import { ArgumentError } from '../index.js';
import { stacklabErrorAsValue } from '../protocol/pageOutcome.js';
import { pageCall, pageCallNames } from './api.js';
import './bench.js';
import './runs.js';
import './transfer.js';

type Api = (...args: unknown[]) => Promise<unknown>;

(globalThis as { stacklabPage?: unknown }).stacklabPage = {
  ready: true,
  async call(name: string, args: unknown[]): Promise<unknown> {
    const fn = pageCall(name) as Api | undefined;
    if (!fn) throw new ArgumentError(`page API has no function "${name}" (it has: ${pageCallNames().join(', ')})`);
    return stacklabErrorAsValue(() => fn(...args));
  },
};

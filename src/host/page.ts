// Exposes the page API to puppeteer as window.stacklabPage; imported by the browser bundle's entry. Every call's
// bad input comes back as a value (pageBadInput.ts), which PageBridge.call throws again on the Node side.
import { ArgumentError } from '../gpu/errors.js';
import { pageCall, pageCallNames } from './pageApi.js';
import { badInputAsValue } from './pageBadInput.js';

type Api = (...args: unknown[]) => Promise<unknown>;

(globalThis as { stacklabPage?: unknown }).stacklabPage = {
  ready: true,
  async call(name: string, args: unknown[]): Promise<unknown> {
    const fn = pageCall(name) as Api | undefined;
    if (!fn) throw new ArgumentError(`page API has no function "${name}" (it has: ${pageCallNames().join(', ')})`);
    return badInputAsValue(() => fn(...args));
  },
};

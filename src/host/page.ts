// Exposes the page API to puppeteer as window.stacklabPage; imported by the browser bundle's entry.
import { ArgumentError } from '../gpu/errors.js';
import { pageCall, pageCallNames } from './pageApi.js';

type Api = (...args: unknown[]) => Promise<unknown>;

(globalThis as { stacklabPage?: unknown }).stacklabPage = {
  ready: true,
  async call(name: string, args: unknown[]): Promise<unknown> {
    const fn = pageCall(name) as Api | undefined;
    if (!fn) throw new ArgumentError(`page API has no function "${name}" (it has: ${pageCallNames().join(', ')})`);
    return fn(...args);
  },
};

// Entry of the browser bundle: exposes the page API to puppeteer as window.stacklabPage.
import { EngineError } from '../gpu/errors.js';
import { pageApi } from './pageApi.js';

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;

(globalThis as { stacklabPage?: unknown }).stacklabPage = {
  ready: true,
  async call(name: string, args: unknown[]): Promise<unknown> {
    const fn = (pageApi as unknown as Api)[name];
    if (!fn) throw new EngineError(`page API has no function "${name}" (it has: ${Object.keys(pageApi).join(', ')})`);
    return fn(...args);
  },
};

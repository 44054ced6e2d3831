// The env block of a command's result, as each host makes it: this process's engine (with how its adapter was
// found), or the page's own env from the browser host, completed here with what only this side knows.
import type { Engine } from '../gpu/engine.js';
import type { BrowserHost } from '../host/browser.js';
import { hostAdapterSource } from '../host/nodeEngine.js';
import { resultEnv, type ResultEnv } from '../results/env.js';
import { gitCommit } from '../results/gitCommit.js';

export function nodeResultEnv(engine: Engine): ResultEnv {
  return resultEnv(engine, hostAdapterSource(), { gitCommit: gitCommit() });
}

/** The page cannot run git or know the Chrome version it runs in: both come from this side. */
export function browserResultEnv(browser: Pick<BrowserHost, 'version'>, pageEnv: ResultEnv): ResultEnv {
  return { ...pageEnv, gitCommit: gitCommit(), chrome: browser.version };
}

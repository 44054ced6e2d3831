// `train` and `stack` on the browser host: the dataset is loaded here (same file, same parser as the Node host),
// sent to the page as plain arrays, and the experiment runs there on the page's engine; the command then reports
// and writes files here as for the Node host. The page calls live in src/page/runs.ts. callInBrowser is also how
// `transfer --host browser` (transferInBrowser.ts) makes its call.
import type { Page } from 'puppeteer';
import type { Dataset } from '../data/dataset.js';
import type { StackExperimentOptions } from '../ensemble/stackExperiment.js';
import { BadInputError } from '../errors.js';
import type { ExperimentOptions } from '../nn/experiment.js';
import type { ResultEnv } from '../results/env.js';
import type { HostName } from '../gpu/engine.js';
import { toPageDataset, type PageTrainRun } from '../protocol/runData.js';
import { gitCommit } from '../results/gitCommit.js';
import { openBrowserHost, type BrowserHost, type BrowserHostOptions } from './browser.js';

/** Where an experiment runs: here (Node) or in the browser host's page. */
export interface HostRunOptions {
  /** `node` (default: run in this process) or `browser`. */
  host?: HostName;
  /** A running Chrome's DevTools WebSocket to connect to instead of launching one. */
  browserEndpoint?: string;
  /** How to open the browser host (its timeout, the page engine's settings, the flags to echo). */
  browser?: BrowserHostOptions;
}

/** One page call's browser host, and what else the call needs of it. */
export interface BrowserCallOptions extends BrowserHostOptions {
  /** Watches the page during the call (its console, say); returns how to stop. */
  follow?: (page: Page) => () => void;
}

/** A result env made in the page, completed with what only this side knows: the checkout's commit and the Chrome version. */
export function browserResultEnv(browser: Pick<BrowserHost, 'version'>, pageEnv: ResultEnv): ResultEnv {
  return { ...pageEnv, gitCommit: gitCommit(), chrome: browser.version };
}

/** The options of the browser host `host` runs on: its `browser` options, with its endpoint (if any) to connect to. */
export function browserHostOf(host: HostRunOptions): BrowserHostOptions {
  return { ...host.browser, endpoint: host.browserEndpoint };
}

/** Opens the browser host, makes one page call, closes it; the env gets this checkout's commit and the Chrome version. */
export async function callInBrowser<T extends { env: ResultEnv }>(options: BrowserCallOptions, name: string, ...args: unknown[]): Promise<T> {
  const { follow, ...hostOptions } = options;
  const browser = await openBrowserHost(hostOptions);
  const unfollow = follow?.(browser.page);
  try {
    const result = await browser.call<T>(name, ...args);
    return { ...result, env: browserResultEnv(browser, result.env) };
  } finally {
    unfollow?.();
    await browser.close();
  }
}

/** Runs `runExperiment` in the browser host's page. `experiment` must be plain data (no onEpoch): it is sent to the page as it is. */
export function trainInBrowser(dataset: Dataset, experiment: ExperimentOptions, host: HostRunOptions & { save?: string }): Promise<PageTrainRun> {
  if (host.save) throw new BadInputError('--save writes the model on this machine, which the page cannot: train with --host node to save it');
  return callInBrowser<PageTrainRun>(browserHostOf(host), 'train', toPageDataset(dataset), experiment);
}

/** Runs `runStackExperiment` in the browser host's page. */
export function stackInBrowser<T extends { env: ResultEnv }>(dataset: Dataset, options: StackExperimentOptions & HostRunOptions): Promise<T> {
  const { base, meta, perClass, folds, seed, testSize, passthrough } = options;
  return callInBrowser<T>(browserHostOf(options), 'stack', toPageDataset(dataset), { base, meta, perClass, folds, seed, testSize, passthrough });
}

// `train` and `stack` on the browser host: the dataset is loaded here (same file, same parser as the Node host),
// sent to the page as plain arrays, and the experiment runs there on the page's engine; the command then reports
// and writes files here as for the Node host. The page calls live in pageRuns.ts. callInBrowser is also how
// `transfer --host browser` (transferInBrowser.ts) makes its call.
import type { Page } from 'puppeteer';
import type { Dataset } from '../data/dataset.js';
import type { StackExperimentOptions } from '../ensemble/stackExperiment.js';
import { BadInputError } from '../gpu/errors.js';
import type { ExperimentOptions } from '../nn/experiment.js';
import type { ResultEnv } from '../results/env.js';
import type { HostChoice } from './options.js';
import { toPageDataset } from './pageRunData.js';
import type { PageTrainRun } from './pageRuns.js';
import { browserResultEnv } from './resultEnvs.js';

export interface HostRunOptions {
  host?: HostChoice;
  /** A running Chrome's DevTools WebSocket to connect to instead of launching one. */
  browserEndpoint?: string;
}

export interface BrowserCallOptions {
  /** A running Chrome's DevTools WebSocket to connect to instead of launching one. */
  endpoint?: string;
  /** Folders the page may fetch from, by URL prefix (the data a call reads). */
  extraRoots?: Record<string, string>;
  /** Watches the page during the call (its console, say); returns how to stop. */
  follow?: (page: Page) => () => void;
}

/** Opens the browser host, makes one page call, closes it; the env gets this checkout's commit and the Chrome version. */
export async function callInBrowser<T extends { env: ResultEnv }>(options: BrowserCallOptions, name: string, ...args: unknown[]): Promise<T> {
  const { openBrowserHost } = await import('../host/browser.js');
  const browser = await openBrowserHost({ endpoint: options.endpoint, extraRoots: options.extraRoots });
  const unfollow = options.follow?.(browser.page);
  try {
    const result = await browser.call<T>(name, ...args);
    return { ...result, env: browserResultEnv(browser, result.env) };
  } finally {
    unfollow?.();
    await browser.close();
  }
}

/** `experiment` must be plain data (no onEpoch): it is sent to the page as it is. */
export function trainInBrowser(dataset: Dataset, experiment: ExperimentOptions, host: HostRunOptions & { save?: string }): Promise<PageTrainRun> {
  if (host.save) throw new BadInputError('--save writes the model on this machine, which the page cannot: train with --host node to save it');
  return callInBrowser<PageTrainRun>({ endpoint: host.browserEndpoint }, 'train', toPageDataset(dataset), experiment);
}

export function stackInBrowser<T extends { env: ResultEnv }>(dataset: Dataset, options: StackExperimentOptions & HostRunOptions): Promise<T> {
  const { base, meta, perClass, folds, seed, testSize, passthrough } = options;
  return callInBrowser<T>({ endpoint: options.browserEndpoint }, 'stack', toPageDataset(dataset), { base, meta, perClass, folds, seed, testSize, passthrough });
}

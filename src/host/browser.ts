// The browser host: a page of the built bundle in headless Chromium we launch, or in a Chrome already running
// elsewhere that we connect to (--browser-endpoint ws://…), and a bridge that calls the page API and returns its
// results. Page errors fail the pending call; every wait has a timeout that says what it was waiting for.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { ArgumentError, EngineError } from '../errors.js';
import type { EngineSettings } from '../gpu/engine.js';
import type { TuningTable } from '../gpu/tuning.js';
import { chromiumArgs, findChromium } from './chromium.js';
import { withTimeout } from './idleTimeout.js';
import { PageBridge } from './pageBridge.js';
import { installedTfjsWasmFolder } from './nodeEngine.js';
import { servePage, type PageOrigin } from './pageServing.js';
import { defaultTuneCachePath, loadTuneCache } from './tuneCacheFile.js';
import { tfjsWasmUrlPath, type PageSetup } from '../protocol/pageSetup.js';

export interface BrowserHost {
  readonly version: string;
  readonly page: Page;
  /** Calls `pageApi[name](...args)` in the page. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** Console lines the page printed since the last call to this. */
  takeConsole(): string[];
  /**
   * Resolves when the page prints a line matching `pattern`. Unlike polling with page.evaluate, this needs
   * nothing from the page's main thread, so a page busy for minutes (long test runs) cannot time it out.
   */
  waitForConsole(pattern: RegExp, timeoutMs: number, what: string): Promise<string>;
  /** Closes a browser we launched; from one we connected to, closes our page and disconnects, leaving it running. */
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  /** Which built page to load: the engine page (index.html) or the test page (tests.html). */
  pagePath?: string;
  /** Echo the page's console to this process's stdout as it arrives. */
  echoConsole?: boolean;
  /** Extra folders the page may fetch from, by URL prefix (models, datasets). */
  extraRoots?: Record<string, string>;
  /** A running Chrome's DevTools WebSocket (ws://host:port/devtools/browser/…) to connect to instead of launching one. */
  endpoint?: string;
  /** Longest wait for a launch or page load, and longest silence (no console output) during a page call. Default: 120 000 ms. */
  timeoutMs?: number;
  /** The page engine's settings (its tfjs-backend-wasm files are always served from this side). */
  settings?: Partial<EngineSettings>;
  /** The tuned matmul variants for the page's engine. Default: the tune cache at `tuneCache`. */
  tuning?: TuningTable | null;
  /** The tune cache file read when `tuning` is not given. Default: `.stacklab/tune.json` in the working directory. */
  tuneCache?: string;
  /** Settings of the caller's own (e.g. the CLI's flags), echoed into the env of every result made in the page. */
  flags?: Record<string, unknown>;
}

/** The default of BrowserHostOptions.timeoutMs. */
export const defaultBrowserTimeoutMs = 120_000;

/** dist/page, found beside whichever bundle is running (dist/cli.mjs or dist/test/*.mjs). */
function builtPageDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, 'page'), path.join(here, '..', 'page')]) {
    if (fs.existsSync(path.join(candidate, 'engine.js'))) return candidate;
  }
  throw new EngineError(`the browser page is not built (no engine.js under ${here}/page or ${here}/../page): run npm run build`);
}

// Puppeteer's own per-command limit would cut a long page call short; our idle timeout is the limit instead.
const protocolTimeout = 24 * 60 * 60 * 1000;

function openBrowser(endpoint: string | undefined, timeout: number): Promise<Browser> {
  if (endpoint) {
    if (!/^wss?:\/\//.test(endpoint)) throw new ArgumentError(`--browser-endpoint must be a DevTools WebSocket URL (ws://host:port/devtools/browser/…), got "${endpoint}"`);
    return withTimeout(puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout }), timeout, `connecting to ${endpoint}`);
  }
  const executablePath = findChromium();
  return withTimeout(puppeteer.launch({ executablePath, headless: true, args: chromiumArgs(), protocolTimeout }), timeout, `launching ${executablePath}`);
}

/** How long a launched browser gets to close before it is killed. */
const closeGraceMs = 5_000;

/**
 * Closes a browser we launched. One whose GPU process is stuck in a never-ending shader does not close: after a
 * grace period its whole process group (puppeteer starts Chromium as a group leader) is killed, GPU process included.
 */
async function closeOrKill(browser: Browser): Promise<void> {
  const child = browser.process();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const closed = await Promise.race([
    browser.close().then(() => true, () => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), closeGraceMs))),
  ]);
  clearTimeout(timer);
  if (closed || !child?.pid) return;
  for (const target of [-child.pid, child.pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone, or not a group leader: the other target covers it.
    }
  }
}

/** Loads the page; the engine page is ready once its API is up and has the Node side's settings. */
async function loadPage(bridge: PageBridge, origin: string, pagePath: string, timeout: number, setup: PageSetup): Promise<void> {
  const url = `${origin}/${pagePath}`;
  await withTimeout(bridge.page.goto(url, { waitUntil: 'load' }), timeout, `loading ${url}`);
  if (pagePath !== 'index.html') return;
  await withTimeout(bridge.page.waitForFunction('globalThis.stacklabPage?.ready === true'), timeout, 'for the engine page to start');
  await bridge.call('setup', setup);
}

/**
 * Opens the browser host: headless Chromium launched here (the system's chromium, with WebGPU on SwiftShader when
 * there is no GPU), or a running Chrome at `options.endpoint`, on a page of stacklab's engine served from 127.0.0.1.
 */
export async function openBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const timeout = options.timeoutMs ?? defaultBrowserTimeoutMs;
  // The page cannot read this machine's tune cache: it gets the same table the Node host reads.
  const setup: PageSetup = {
    settings: { ...options.settings, tfjsWasmPath: tfjsWasmUrlPath },
    tuning: options.tuning !== undefined ? options.tuning : loadTuneCache(options.tuneCache ?? defaultTuneCachePath),
    flags: options.flags ?? {},
  };
  const connected = Boolean(options.endpoint);
  const browser = await openBrowser(options.endpoint, timeout);
  let page: Page | undefined;
  let served: PageOrigin | undefined;
  const shutDown = async () => {
    await served?.close();
    if (connected) {
      await page?.close().catch(() => undefined);
      await browser.disconnect();
    } else await closeOrKill(browser);
  };
  try {
    page = await browser.newPage();
    const bridge = new PageBridge(page, timeout, options.echoConsole ?? false);
    served = await servePage(page, { ...(options.extraRoots ?? {}), [tfjsWasmUrlPath]: installedTfjsWasmFolder(), '/': builtPageDir() }, connected);
    await loadPage(bridge, served.origin, options.pagePath ?? 'index.html', timeout, setup);
    return {
      version: await browser.version(),
      page,
      call: (name, ...args) => bridge.call(name, ...args),
      takeConsole: () => bridge.takeConsole(),
      waitForConsole: (pattern, timeoutMs, what) => bridge.waitForConsole(pattern, timeoutMs, what),
      close: shutDown,
    };
  } catch (error) {
    await shutDown();
    throw error;
  }
}

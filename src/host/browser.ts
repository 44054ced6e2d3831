// The browser host: a page of the built bundle in headless Chromium we launch, or in a Chrome already running
// elsewhere that we connect to (--browser-endpoint ws://…), and a bridge that calls the page API and returns its
// results. Page errors fail the pending call; every wait has a timeout that says what it was waiting for.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { allFlags, flag } from '../flags.js';
import { ArgumentError, EngineError } from '../gpu/errors.js';
import { chromiumArgs, findChromium } from './chromium.js';
import { withTimeout } from './idleTimeout.js';
import { PageBridge } from './pageBridge.js';
import { tfjsWasmFiles } from './nodeEngine.js';
import { tfjsWasmUrlPath } from './pageEngine.js';
import { servePage, type PageOrigin } from './pageServing.js';
import { loadTuneCache } from './tuneCacheFile.js';

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
}

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

/** Loads the page; the engine page is ready once its API is up and has the Node side's flags. */
async function loadPage(bridge: PageBridge, origin: string, pagePath: string, timeout: number): Promise<void> {
  const url = `${origin}/${pagePath}`;
  await withTimeout(bridge.page.goto(url, { waitUntil: 'load' }), timeout, `loading ${url}`);
  if (pagePath !== 'index.html') return;
  await withTimeout(bridge.page.waitForFunction('globalThis.stacklabPage?.ready === true'), timeout, 'for the engine page to start');
  await bridge.call('setFlags', allFlags());
  // The page cannot read this machine's tune cache: it gets the same table the Node host reads.
  await bridge.call('setTuning', loadTuneCache());
}

export async function openBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const timeout = flag('BROWSER_TIMEOUT_MS');
  const connected = Boolean(options.endpoint);
  const browser = await openBrowser(options.endpoint, timeout);
  let page: Page | undefined;
  let served: PageOrigin | undefined;
  const shutDown = async () => {
    await served?.close();
    if (connected) {
      await page?.close().catch(() => undefined);
      await browser.disconnect();
    } else await browser.close().catch(() => undefined);
  };
  try {
    page = await browser.newPage();
    const bridge = new PageBridge(page, timeout, options.echoConsole ?? false);
    served = await servePage(page, { ...(options.extraRoots ?? {}), [tfjsWasmUrlPath]: tfjsWasmFiles(), '/': builtPageDir() }, connected);
    await loadPage(bridge, served.origin, options.pagePath ?? 'index.html', timeout);
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

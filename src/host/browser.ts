// The browser host: a page of the built bundle in headless Chromium we launch, or in a Chrome already running
// elsewhere that we connect to (--browser-endpoint ws://…), and a bridge that calls the page API and returns its
// results. Page errors fail the pending call; every wait has a timeout that says what it was waiting for.
// Whatever ends a run (its close, an exception on the way, a signal, a crashed page) closes the page, its server
// and the browser, and leaves no process of the browser's behind.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { ArgumentError, EngineError } from '../errors.js';
import type { EngineSettings } from '../gpu/engine.js';
import type { TuningTable } from '../gpu/tuning.js';
import { chromiumArgs, findChromium } from './chromium.js';
import { withTimeout } from './idleTimeout.js';
import { PageBridge } from './pageBridge.js';
import { installedTfjsWasmFolder } from './nodeEngine.js';
import { forgetHost, rememberHost, type OpenHost } from './openHosts.js';
import { servePage, type PageOrigin } from './pageServing.js';
import { tuningFromOptions } from './tuneCacheFile.js';
import { tfjsWasmUrlPath, type PageSetup } from '../protocol/pageSetup.js';

/**
 * A browser page running stacklab's engine, driven from Node: open one with openBrowserHost, call the page API
 * through `call`, and close it.
 */
export interface BrowserHost {
  /** The browser's version string (e.g. `HeadlessChrome/…`), for result envs. */
  readonly version: string;
  /** The Puppeteer page the engine runs in. */
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

/** How openBrowserHost launches (or connects to) the browser and sets up the page's engine; every field is optional. */
export interface BrowserHostOptions {
  /** Which built page to load: the engine page (index.html) or the test page (tests.html). */
  pagePath?: string;
  /** Echo the page's console to this process's stdout as it arrives. */
  echoConsole?: boolean;
  /**
   * Extra folders the page may fetch from, by path prefix relative to the page ("models/"): everything is served
   * below the run's token (docs/browser-host-security.md), so the page fetches them by relative URL. A leading
   * "/" is ignored.
   */
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

/** puppeteer is an optional peer dependency: loaded only when a browser host is opened, so stacklab/node imports without it. */
async function loadPuppeteer(): Promise<typeof import('puppeteer').default> {
  try {
    return (await import('puppeteer')).default;
  } catch (error) {
    throw new EngineError(`the browser host needs puppeteer (npm install puppeteer): ${(error as Error).message}`);
  }
}

/** How long closing a launched browser may take before its process group is killed. */
const closeTimeoutMs = 5_000;

async function openBrowser(endpoint: string | undefined, timeout: number): Promise<Browser> {
  const puppeteer = await loadPuppeteer();
  if (endpoint) {
    if (!/^wss?:\/\//.test(endpoint)) throw new ArgumentError(`--browser-endpoint must be a DevTools WebSocket URL (ws://host:port/devtools/browser/…), got "${endpoint}"`);
    return withTimeout(puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout }), timeout, `connecting to ${endpoint}`);
  }
  const executablePath = findChromium();
  // Signals are handled in openHosts.ts, which closes the host first; puppeteer still kills the browser on exit.
  const launch = puppeteer.launch({ executablePath, headless: true, args: chromiumArgs(), protocolTimeout, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  return withTimeout(launch, timeout, `launching ${executablePath}`);
}

/** Loads the page; the engine page is ready once its API is up and has the Node side's settings. */
async function loadPage(bridge: PageBridge, base: string, pagePath: string, timeout: number, setup: PageSetup): Promise<void> {
  const url = `${base}${pagePath}`;
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
    tuning: tuningFromOptions(options),
    flags: options.flags ?? {},
  };
  const connected = Boolean(options.endpoint);
  const browser = await openBrowser(options.endpoint, timeout);
  let page: Page | undefined;
  let served: PageOrigin | undefined;
  const parts = connected ? connectedHost(browser, () => page, () => served) : launchedHost(browser, () => served);
  let closing: Promise<void> | undefined;
  // Once, whoever asks first: the caller, the catch below, or a signal (openHosts.ts).
  const host: OpenHost = {
    close: () =>
      (closing ??= parts.close().finally(() => {
        parts.kill();
        forgetHost(host);
      })),
    kill: parts.kill,
  };
  rememberHost(host);
  const shutDown = host.close;
  try {
    page = await browser.newPage();
    const bridge = new PageBridge(page, timeout, options.echoConsole ?? false);
    // A crashed page, or a browser gone, cannot serve another call: the pending one has failed (PageBridge), and
    // the rest is closed now rather than when the caller gets to it (bench --watch would keep it for its next run).
    page.once('error', () => void shutDown());
    browser.once('disconnected', () => void shutDown());
    served = await servePage(page, { ...(options.extraRoots ?? {}), [tfjsWasmUrlPath]: installedTfjsWasmFolder(), '': builtPageDir() }, connected);
    await loadPage(bridge, served.base, options.pagePath ?? 'index.html', timeout, setup);
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

/** A browser we launched: closing it closes the server, then the browser, and kills whatever of it is left. */
function launchedHost(browser: Browser, served: () => PageOrigin | undefined): OpenHost {
  // Puppeteer starts Chromium as the leader of its own process group: its GPU, renderer and zygote processes are in it.
  const pid = browser.process()?.pid;
  return {
    async close() {
      await served()?.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, closeTimeoutMs)));
      await Promise.race([browser.close().catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
    },
    kill() {
      if (!pid) return;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is gone already, as it is after a clean close.
      }
    },
  };
}

/** A browser we connected to: closing closes our page and the connection, and leaves the browser running. */
function connectedHost(browser: Browser, page: () => Page | undefined, served: () => PageOrigin | undefined): OpenHost {
  return {
    async close() {
      await served()?.close();
      await page()?.close().catch(() => undefined);
      await browser.disconnect().catch(() => undefined);
    },
    kill: () => undefined,
  };
}

// The browser host: headless Chromium (puppeteer) on a page from a 127.0.0.1 server that serves only the built
// bundle, and a bridge that calls the page API and returns its results. Page errors fail the pending call;
// every wait has a timeout that says what it was waiting for.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { allFlags, flag } from '../flags.js';
import { chromiumArgs, findChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './staticServer.js';
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
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  /** Which built page to load: the engine page (index.html) or the test page (tests.html). */
  pagePath?: string;
  /** Echo the page's console to this process's stdout as it arrives. */
  echoConsole?: boolean;
  /** Extra folders the page may fetch from, by URL prefix (models, datasets). */
  extraRoots?: Record<string, string>;
}

/** dist/page, found beside whichever bundle is running (dist/cli.mjs or dist/test/*.mjs). */
function builtPageDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, 'page'), path.join(here, '..', 'page')]) {
    if (fs.existsSync(path.join(candidate, 'engine.js'))) return candidate;
  }
  throw new Error(`the browser page is not built (no engine.js under ${here}/page or ${here}/../page): run npm run build`);
}

/** Something whose `touch()` restarts an idle timer: the page's console output proves it is still working. */
interface Activity {
  listeners: Set<() => void>;
}

/**
 * Rejects if `promise` has not settled within `ms`, counting from the last sign of life in `activity`
 * (any console line), so long runs that report progress are not cut off while a silent hang still is.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string, activity?: Activity): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  let fail: (error: Error) => void;
  const timeout = new Promise<never>((_, reject) => (fail = reject));
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => fail(new Error(`browser host: nothing from the page for ${ms} ms ${what} (STACKLAB_BROWSER_TIMEOUT_MS raises the limit)`)), ms);
  };
  arm();
  activity?.listeners.add(arm);
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
    activity?.listeners.delete(arm);
  });
}

// Puppeteer's own per-command limit would cut a long page call short; our idle timeout is the limit instead.
const protocolTimeoutMs = 24 * 60 * 60 * 1000;

export async function openBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const timeout = flag('BROWSER_TIMEOUT_MS');
  const server: StaticServer = await serveStatic({ ...(options.extraRoots ?? {}), '/': builtPageDir() });
  let browser: Browser | undefined;
  try {
    const executablePath = findChromium();
    browser = await withTimeout(
      puppeteer.launch({ executablePath, headless: true, args: chromiumArgs(), protocolTimeout: protocolTimeoutMs }),
      timeout,
      `launching ${executablePath}`,
    );
    const page = await browser.newPage();
    const consoleLines: string[] = [];
    const consoleWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    const activity: Activity = { listeners: new Set() };
    let pageError: Error | null = null;
    let failPending: ((error: Error) => void) | null = null;
    page.on('console', (message) => {
      const text = message.text();
      consoleLines.push(text);
      for (const touch of activity.listeners) touch();
      for (const waiter of consoleWaiters.filter((w) => w.pattern.test(text))) {
        consoleWaiters.splice(consoleWaiters.indexOf(waiter), 1);
        waiter.resolve(text);
      }
      if (options.echoConsole) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
      else if (message.type() === 'error') console.error(`[page console] ${text}`);
    });
    page.on('pageerror', (error) => {
      pageError = new Error(`error in the page: ${(error as Error).message ?? String(error)}`);
      failPending?.(pageError);
    });
    page.on('requestfailed', (request) => console.error(`[page] request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
    const url = `${server.origin}/${options.pagePath ?? 'index.html'}`;
    await withTimeout(page.goto(url, { waitUntil: 'load' }), timeout, `loading ${url}`);
    if (!options.pagePath || options.pagePath === 'index.html') {
      await withTimeout(page.waitForFunction('globalThis.stacklabPage?.ready === true'), timeout, 'for the engine page to start');
      await page.evaluate((flags) => (globalThis as any).stacklabPage.call('setFlags', [flags]), allFlags());
      await page.evaluate((table) => (globalThis as any).stacklabPage.call('setTuning', [table]), loadTuneCache() as any);
    }
    const version = await browser.version();
    const openedBrowser = browser;
    return {
      version,
      page,
      async call<T>(name: string, ...args: unknown[]): Promise<T> {
        if (pageError) throw pageError;
        const failed = new Promise<never>((_, reject) => (failPending = reject));
        try {
          const result = page.evaluate((n, a) => (globalThis as any).stacklabPage.call(n, a), name, args as any) as Promise<T>;
          return await withTimeout(Promise.race([result, failed]), timeout, `during page call ${name}()`, activity);
        } finally {
          failPending = null;
        }
      },
      takeConsole: () => consoleLines.splice(0),
      waitForConsole(pattern, timeoutMs, what) {
        const seen = new Promise<string>((resolve) => consoleWaiters.push({ pattern, resolve }));
        const failed = new Promise<never>((_, reject) => (failPending = reject));
        return withTimeout(Promise.race([seen, failed]), timeoutMs, what, activity);
      },
      async close() {
        await openedBrowser.close().catch(() => undefined);
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.close();
    throw error;
  }
}

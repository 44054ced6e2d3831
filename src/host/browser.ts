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

export interface BrowserHost {
  readonly version: string;
  readonly page: Page;
  /** Calls `pageApi[name](...args)` in the page. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** Console lines the page printed since the last call to this. */
  takeConsole(): string[];
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
export function builtPageDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, 'page'), path.join(here, '..', 'page')]) {
    if (fs.existsSync(path.join(candidate, 'engine.js'))) return candidate;
  }
  throw new Error(`the browser page is not built (no engine.js under ${here}/page or ${here}/../page): run npm run build`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`browser host: timed out after ${ms} ms ${what} (STACKLAB_BROWSER_TIMEOUT_MS raises the limit)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function openBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const timeout = flag('BROWSER_TIMEOUT_MS');
  const server: StaticServer = await serveStatic({ ...(options.extraRoots ?? {}), '/': builtPageDir() });
  let browser: Browser | undefined;
  try {
    const executablePath = findChromium();
    browser = await withTimeout(
      puppeteer.launch({ executablePath, headless: true, args: chromiumArgs(), protocolTimeout: timeout }),
      timeout,
      `launching ${executablePath}`,
    );
    const page = await browser.newPage();
    const consoleLines: string[] = [];
    let pageError: Error | null = null;
    let failPending: ((error: Error) => void) | null = null;
    page.on('console', (message) => {
      const text = message.text();
      consoleLines.push(text);
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
          return await withTimeout(Promise.race([result, failed]), timeout, `for page call ${name}()`);
        } finally {
          failPending = null;
        }
      },
      takeConsole: () => consoleLines.splice(0),
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

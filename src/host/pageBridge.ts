// The bridge to a loaded page: calls into its API, its console lines, and page errors failing the pending call.
// A crashed page, a closed one or a browser gone away fails the pending call, and every later one, at once: the
// call would otherwise wait out the idle timeout (minutes) on a page that will never answer.
import { EngineError } from '../errors.js';
import type { Page } from 'puppeteer';
import { withTimeout, type Activity } from './idleTimeout.js';
import { valueOrStacklabError, type PageOutcome } from '../protocol/pageOutcome.js';

export class PageBridge {
  private readonly consoleLines: string[] = [];
  private readonly consoleWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  private readonly activity: Activity = { listeners: new Set() };
  private pageError: Error | null = null;
  private failPending: ((error: Error) => void) | null = null;

  /** `echoConsole`: print the page's console to this process's stdout as it arrives (else only its errors). */
  constructor(readonly page: Page, private readonly timeoutMs: number, echoConsole: boolean) {
    page.on('console', (message) => {
      const text = message.text();
      this.consoleLines.push(text);
      for (const touch of this.activity.listeners) touch();
      for (const waiter of this.consoleWaiters.filter((w) => w.pattern.test(text))) {
        this.consoleWaiters.splice(this.consoleWaiters.indexOf(waiter), 1);
        waiter.resolve(text);
      }
      if (echoConsole) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
      else if (message.type() === 'error') console.error(`[page console] ${text}`);
    });
    page.on('pageerror', (error) => this.fail(new EngineError(`error in the page: ${(error as Error).message ?? String(error)}`)));
    // Puppeteer's 'error' is the page's renderer crashing (out of memory, killed, Page.crash).
    page.on('error', (error) => this.fail(new EngineError(`the browser page crashed (${error.message}): its run cannot go on; the browser host is closed`)));
    page.on('close', () => this.fail(new EngineError('the browser page was closed before its call returned')));
    page.browser().on('disconnected', () => this.fail(new EngineError('the browser exited or its DevTools connection closed before the page call returned')));
    page.on('requestfailed', (request) => console.error(`[page] request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  }

  /** Calls `pageApi[name](...args)` in the page. */
  async call<T>(name: string, ...args: unknown[]): Promise<T> {
    if (this.pageError) throw this.pageError;
    const failed = new Promise<never>((_, reject) => (this.failPending = reject));
    try {
      const result = this.page.evaluate((n, a) => (globalThis as any).stacklabPage.call(n, a), name, args as any) as Promise<PageOutcome<T>>;
      return valueOrStacklabError(await withTimeout(Promise.race([result, failed]), this.timeoutMs, `during page call ${name}()`, this.activity));
    } finally {
      this.failPending = null;
    }
  }

  private fail(error: EngineError): void {
    this.pageError = error;
    this.failPending?.(error);
  }

  takeConsole(): string[] {
    return this.consoleLines.splice(0);
  }

  /** Resolves on the first console line matching `pattern`, including lines printed before this call. */
  waitForConsole(pattern: RegExp, timeoutMs: number, what: string): Promise<string> {
    const printed = this.consoleLines.find((line) => pattern.test(line));
    if (printed !== undefined) return Promise.resolve(printed);
    const seen = new Promise<string>((resolve) => this.consoleWaiters.push({ pattern, resolve }));
    const failed = new Promise<never>((_, reject) => (this.failPending = reject));
    return withTimeout(Promise.race([seen, failed]), timeoutMs, what, this.activity);
  }
}

// Where `stacklab bench` runs its suites: an engine in a worker process (Node), or the page of a headless Chromium.
// Opened once and kept, so `--watch` re-runs on the same device without starting a GPU or a browser again, unless a
// kernel ran past its budget: then the stuck worker or browser is killed and the next run starts a new one.
import {
  BadInputError,
  browserResultEnv,
  openBrowserHost,
  progressPrefix,
  type BenchOptions,
  type BenchProgress,
  type BenchRun,
  type BrowserHost,
  type ResultEnv,
} from '../node.js';
import { BenchWorker } from './benchWorker.js';
import { cliBrowserOptions } from './cliEngine.js';
import type { HostChoice } from './options.js';

export interface BenchSession {
  run(options: BenchOptions, progress: (p: BenchProgress) => void): Promise<{ env: ResultEnv; run: BenchRun }>;
  close(): Promise<void>;
}

/** The Node host: the runs go to a worker process (benchWorker.ts), so a never-ending kernel cannot hang the CLI. */
async function nodeSession(): Promise<BenchSession> {
  const worker = new BenchWorker();
  return { run: (options, progress) => worker.run(options, progress), close: () => worker.close() };
}

/** A browser whose page failed (a kernel past its budget leaves its GPU process stuck) is closed and a new one opened for the next run. */
async function browserSession(endpoint?: string, extraRoots?: Record<string, string>): Promise<BenchSession> {
  let report: (p: BenchProgress) => void = () => undefined;
  const open = async () => {
    const opened = await openBrowserHost({ ...cliBrowserOptions(), endpoint, extraRoots });
    opened.page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith(progressPrefix)) report(JSON.parse(text.slice(progressPrefix.length)) as BenchProgress);
    });
    return opened;
  };
  let browser: BrowserHost | null = await open();
  return {
    async run(options, progress) {
      report = progress;
      browser ??= await open();
      try {
        // The kernels' WGSL text travels inside the options: the page cannot read this machine's files.
        const result = await browser.call<{ env: ResultEnv; run: BenchRun }>('bench', options);
        return { env: browserResultEnv(browser, result.env), run: result.run };
      } catch (error) {
        if (!(error instanceof BadInputError)) {
          const broken = browser;
          browser = null;
          await broken.close();
        }
        throw error;
      }
    },
    close: async () => browser?.close(),
  };
}

/**
 * `endpoint`: a running Chrome's DevTools WebSocket to connect to instead of launching one; `extraRoots`: folders the
 * page may fetch from (browser host only).
 */
export function openBenchSession(host: HostChoice, endpoint?: string, extraRoots?: Record<string, string>): Promise<BenchSession> {
  return host === 'browser' ? browserSession(endpoint, extraRoots) : nodeSession();
}

// Where `stacklab bench` runs its suites: an engine in this process, or the page of a headless Chromium. Opened
// once and kept, so `--watch` re-runs on the same device without starting a GPU or a browser again.
import {
  browserResultEnv,
  closeEngine,
  openBrowserHost,
  progressPrefix,
  runBench,
  type BenchOptions,
  type BenchProgress,
  type BenchRun,
  type BrowserHost,
  type ResultEnv,
} from '../node.js';
import { cliBrowserOptions, nodeResultEnv, openCliEngine } from './cliEngine.js';
import type { HostChoice } from './options.js';

export interface BenchSession {
  run(options: BenchOptions, progress: (p: BenchProgress) => void): Promise<{ env: ResultEnv; run: BenchRun }>;
  close(): Promise<void>;
}

async function nodeSession(): Promise<BenchSession> {
  const engine = await openCliEngine();
  return {
    async run(options, progress) {
      const run = await runBench(engine, options, progress);
      return { env: nodeResultEnv(engine), run };
    },
    async close() {
      closeEngine(engine);
    },
  };
}

async function browserSession(endpoint?: string): Promise<BenchSession> {
  const browser: BrowserHost = await openBrowserHost({ ...cliBrowserOptions(), endpoint });
  let report: (p: BenchProgress) => void = () => undefined;
  browser.page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(progressPrefix)) report(JSON.parse(text.slice(progressPrefix.length)) as BenchProgress);
  });
  return {
    async run(options, progress) {
      report = progress;
      // The kernels' WGSL text travels inside the options: the page cannot read this machine's files.
      const result = await browser.call<{ env: ResultEnv; run: BenchRun }>('bench', options);
      return { env: browserResultEnv(browser, result.env), run: result.run };
    },
    close: () => browser.close(),
  };
}

/** `endpoint`: a running Chrome's DevTools WebSocket to connect to instead of launching one (browser host only). */
export function openBenchSession(host: HostChoice, endpoint?: string): Promise<BenchSession> {
  return host === 'browser' ? browserSession(endpoint) : nodeSession();
}

// Where `stacklab bench` runs its suites: an engine in this process, or the page of a headless Chromium. Opened
// once and kept, so `--watch` re-runs on the same device without starting a GPU or a browser again.
import type { Engine } from '../gpu/engine.js';
import type { BrowserHost } from '../host/browser.js';
import { progressPrefix, type BenchOptions, type BenchProgress } from '../../bench/runBench.js';
import type { BenchRun } from '../../bench/results.js';
import { type ResultEnv } from '../results/env.js';
import type { HostChoice } from './options.js';
import { nodeResultEnv, browserResultEnv } from './resultEnvs.js';

export interface BenchSession {
  run(options: BenchOptions, progress: (p: BenchProgress) => void): Promise<{ env: ResultEnv; run: BenchRun }>;
  close(): Promise<void>;
}

async function nodeSession(): Promise<BenchSession> {
  const [{ openHostEngine }, { closeEngine }, { runBench }] = await Promise.all([
    import('../host/nodeEngine.js'),
    import('../gpu/engine.js'),
    import('../../bench/runBench.js'),
  ]);
  const engine: Engine = await openHostEngine();
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
  const { openBrowserHost } = await import('../host/browser.js');
  const browser: BrowserHost = await openBrowserHost({ endpoint });
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

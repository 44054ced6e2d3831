// The page half of `transfer --host browser`: it fetches the data and the model the Node side wrote, runs the same
// experiment as the Node host on the page's engine and tfjs backend (wasm on a fallback adapter, as in Node),
// reports progress and each finished run as tagged console lines, and returns the JSON-able result.
// Imported by the page bundle's entry (bench/pageEntry.ts), so the engine's page API does not depend on it.
import { addPageCall, pageEngine, pageResultEnv } from '../host/pageApi.js';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { stacklabKernelsByFlag } from '../kernels/tfjsDropIn.js';
import type { ResultEnv } from '../results/env.js';
import { withConvBackend, type ConvBackend } from '../transfer/convBackend.js';
import { runTransferExperiment, type ExperimentOptions, type ExperimentResult } from '../transfer/experiment.js';
import { readCheckedArtifacts } from '../transfer/modelArtifacts.js';
import type { ProgressSink } from '../transfer/progress.js';
import { fetchTransferData, transferLogPrefix, transferProgressPrefix, type PageTransferFiles, type TransferProgressEvent } from './transferPageData.js';

/** The experiment's options as plain data: progress and log are the page's console. */
export type PageTransferOptions = Omit<ExperimentOptions, 'progress' | 'log'>;

export interface PageMemoryReport {
  /** Largest tf.memory().numBytes seen in the page. */
  peakTfjsBytes: number;
  /** Largest JavaScript heap in use (Chrome's performance.memory), 0 where the browser does not say. */
  peakJsHeapBytes: number;
}

export interface PageTransferRun {
  env: ResultEnv;
  backend: ConvBackend;
  result: ExperimentResult;
  memory: PageMemoryReport;
}

/** Peak memory in the page, sampled at every progress step (the page is busy in between, so a timer rarely fires). */
class PagePeakMemory {
  readonly report: PageMemoryReport = { peakTfjsBytes: 0, peakJsHeapBytes: 0 };

  sample(): void {
    const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    this.report.peakTfjsBytes = Math.max(this.report.peakTfjsBytes, tf.memory().numBytes);
    this.report.peakJsHeapBytes = Math.max(this.report.peakJsHeapBytes, heap);
  }
}

function consoleProgress(memory: PagePeakMemory): ProgressSink {
  let tasks = 0;
  const send = (event: TransferProgressEvent) => console.log(transferProgressPrefix + JSON.stringify(event));
  return (label, total) => {
    const task = ++tasks;
    send({ task, label, total });
    return {
      update: (done) => {
        memory.sample();
        send({ task, done });
      },
      end: () => send({ task, end: true }),
    };
  };
}

addPageCall('transfer', async (files: PageTransferFiles, options: PageTransferOptions): Promise<PageTransferRun> => {
  const engine = await pageEngine();
  await bindTfjs(engine);
  const dropIn = await stacklabKernelsByFlag(engine);
  try {
    return await experimentInPage(engine, files, options);
  } finally {
    dropIn?.restore();
  }
});

async function experimentInPage(engine: Engine, files: PageTransferFiles, options: PageTransferOptions): Promise<PageTransferRun> {
  const memory = new PagePeakMemory();
  const artifacts = await readCheckedArtifacts(tf.io.http(files.model), files.modelSource);
  const data = await fetchTransferData(files);
  const progress = consoleProgress(memory);
  const log = (line: string) => console.log(transferLogPrefix + line);
  return withConvBackend(engine, async (backend) => {
    const result = await runTransferExperiment(artifacts, data, { ...options, progress, log });
    memory.sample();
    return { env: pageResultEnv(engine), backend, result, memory: memory.report };
  });
}

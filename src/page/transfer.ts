// The page half of `transfer --host browser`: it fetches the data and the model the Node side wrote, runs the same
// experiment as the Node host on the page's engine and tfjs backend (wasm on a fallback adapter, as in Node),
// reports progress and each finished run as tagged console lines, and returns the JSON-able result.
// Registered by the page bundle's entry (src/page/entry.ts).
import {
  type Engine,
  bindTfjs,
  tf,
  stacklabKernelsBySetting,
  type ResultEnv,
  withConvBackend,
  type ConvBackend,
  runTransferExperiment,
  type TransferExperimentOptions as ExperimentOptions,
  type TransferExperimentResult as ExperimentResult,
  readCheckedArtifacts,
  type ProgressSink,
} from '../index.js';
import { addPageCall, pageEngine, pageResultEnv } from './api.js';
import {
  fetchTransferData,
  transferLogPrefix,
  transferProgressPrefix,
  type PageMemoryReport,
  type PageTransferFiles,
  type PageTransferOptions,
  type PageTransferRun,
  type TransferProgressEvent,
} from '../protocol/transferData.js';

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
  return (label, total, examplesPerUnit) => {
    const task = ++tasks;
    send({ task, label, total, examplesPerUnit });
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
  const dropIn = await stacklabKernelsBySetting(engine);
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

// The Node half of `transfer --host browser`: the data is loaded here with the Node host's loaders (CSV,
// Fashion-MNIST, an image folder's PNG and JPEG files), written with the model's artifacts to a folder the page
// fetches from, and the experiment runs in the page (src/page/transfer.ts). Its progress drives this side's bars.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer';
import type { Dataset } from '../data/dataset.js';
import type { tf } from '../gpu/tfjsBackend.js';
import { modelFiles } from '../nn/modelFiles.js';
import type { ProgressSink, ProgressTask } from '../transfer/progress.js';
import type { TransferData } from '../transfer/transferData.js';
import { browserHostOf, callInBrowser, type HostRunOptions } from './hostRun.js';
import {
  pageDatasetFiles,
  transferLogPrefix,
  transferProgressPrefix,
  transferRunUrlPath,
  type PageTransferFiles,
  type PageTransferOptions,
  type PageTransferRun,
  type TransferProgressEvent,
} from '../protocol/transferData.js';

/** Where a browser transfer's progress and log lines go on this side. */
export interface BrowserTransferHooks {
  progress: ProgressSink;
  /** Each line the experiment logs in the page, as it arrives. */
  log?: (line: string) => void;
}

function writeDataset(dir: string, dataset: Dataset, name: 'train' | 'test'): void {
  const bytes = (array: Float32Array | Uint32Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  fs.writeFileSync(path.join(dir, `${name}.features.f32`), bytes(dataset.features));
  fs.writeFileSync(path.join(dir, `${name}.labels.u32`), bytes(dataset.labels));
}

async function writeTransferFiles(dir: string, artifacts: tf.io.ModelArtifacts, modelSource: string, data: TransferData): Promise<PageTransferFiles> {
  writeDataset(dir, data.train, 'train');
  writeDataset(dir, data.test, 'test');
  await modelFiles(dir).save!(artifacts);
  return { model: `${transferRunUrlPath}model.json`, modelSource, train: pageDatasetFiles(data.train, 'train'), test: pageDatasetFiles(data.test, 'test') };
}

/** Turns the page's tagged console lines into this side's progress tasks and log lines. */
function followPage(page: Page, hooks: BrowserTransferHooks): () => void {
  const tasks = new Map<number, ProgressTask>();
  const listener = (message: { text(): string }) => {
    const text = message.text();
    if (text.startsWith(transferLogPrefix)) hooks.log?.(text.slice(transferLogPrefix.length));
    if (!text.startsWith(transferProgressPrefix)) return;
    const event = JSON.parse(text.slice(transferProgressPrefix.length)) as TransferProgressEvent;
    if ('label' in event) tasks.set(event.task, hooks.progress(event.label, event.total, event.examplesPerUnit));
    else if ('done' in event) tasks.get(event.task)?.update(event.done);
    else {
      tasks.get(event.task)?.end();
      tasks.delete(event.task);
    }
  };
  page.on('console', listener);
  return () => {
    page.off('console', listener);
    for (const task of tasks.values()) task.end();
  };
}

/**
 * Runs a transfer experiment in the browser host's page (`transfer --host browser`): the data and the model's
 * artifacts are written to a temporary folder the page fetches from, the page's progress lines drive `hooks`, and
 * the result comes back with its env completed here. The folder is removed afterwards.
 */
export async function transferInBrowser(
  artifacts: tf.io.ModelArtifacts,
  modelSource: string,
  data: TransferData,
  options: PageTransferOptions,
  host: HostRunOptions,
  hooks: BrowserTransferHooks,
): Promise<PageTransferRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-transfer-run-'));
  try {
    const files = await writeTransferFiles(dir, artifacts, modelSource, data);
    const browser = { ...browserHostOf(host), extraRoots: { [transferRunUrlPath]: dir }, follow: (page: Page) => followPage(page, hooks) };
    return await callInBrowser<PageTransferRun>(browser, 'transfer', files, options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

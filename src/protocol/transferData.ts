// What travels between the Node side and the page for `transfer --host browser`. The data (a CSV, Fashion-MNIST or
// an image folder, decoded here with the Node host's own loaders) and the model's artifacts are written as files
// the page fetches from our origin: binary float32/uint32 arrays, not JSON numbers, because a training pool is tens
// of megabytes. Progress and per-run log lines come back as tagged console lines.
import type { Dataset } from '../data/dataset.js';
import { isImageDataset, type ImageDataset, type ImageSize } from '../data/imageDataset.js';
import { EngineError } from '../errors.js';
import type { TransferData } from '../transfer/transferData.js';
import type { ResultEnv } from '../results/env.js';
import type { ConvBackend } from '../transfer/convBackend.js';
import type { ExperimentOptions, ExperimentResult } from '../transfer/experiment.js';

/** One dataset as files under the run's URL prefix, plus what is not an array. */
export interface PageDatasetFiles {
  /** URL of [rows × cols] float32, little-endian. */
  features: string;
  /** URL of [rows] uint32 class indices. */
  labels: string;
  rows: number;
  cols: number;
  featureNames: string[];
  classNames: string[];
  source: string;
  image?: ImageSize;
}

export interface PageTransferFiles {
  /** URL of the model.json the page loads (its weight files beside it). */
  model: string;
  /** Where the model came from on the Node side (--from), for messages. */
  modelSource: string;
  train: PageDatasetFiles;
  test: PageDatasetFiles;
}

/**
 * Where the page's files for one run live: a URL prefix served from a folder the Node side writes, relative to the
 * page's URL (the page is served below a per-run token).
 */
export const transferRunUrlPath = 'transfer-run/';

export const transferProgressPrefix = 'stacklab-transfer-progress ';
export const transferLogPrefix = 'stacklab-transfer-log ';

/** A progress event of one task of the page's experiment: started (label, total), advanced (done) or ended. */
export type TransferProgressEvent = { task: number; label: string; total: number; examplesPerUnit?: number } | { task: number; done: number } | { task: number; end: true };

export function pageDatasetFiles(dataset: Dataset, name: 'train' | 'test'): PageDatasetFiles {
  const { rows, cols, source } = dataset;
  return {
    features: `${transferRunUrlPath}${name}.features.f32`,
    labels: `${transferRunUrlPath}${name}.labels.u32`,
    rows,
    cols,
    featureNames: [...dataset.featureNames],
    classNames: [...dataset.classNames],
    source,
    image: isImageDataset(dataset) ? dataset.image : undefined,
  };
}

async function fetchBytes(url: string, what: string, bytes: number): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new EngineError(`page: fetching ${what} from ${url} failed: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  if (body.byteLength !== bytes) throw new EngineError(`page: ${what} from ${url} has ${body.byteLength} bytes, expected ${bytes}`);
  return body;
}

/** Page side: the dataset the Node side wrote, as the same Dataset (an ImageDataset when it was one). */
export async function fetchDataset(files: PageDatasetFiles): Promise<Dataset | ImageDataset> {
  const { rows, cols } = files;
  const features = new Float32Array(await fetchBytes(files.features, `${files.source} features`, rows * cols * 4));
  const labels = new Uint32Array(await fetchBytes(files.labels, `${files.source} labels`, rows * 4));
  const dataset = { features, labels, rows, cols, featureNames: files.featureNames, classNames: files.classNames, source: files.source };
  return files.image ? { ...dataset, image: files.image } : dataset;
}

export async function fetchTransferData(files: PageTransferFiles): Promise<TransferData> {
  const [train, test] = await Promise.all([fetchDataset(files.train), fetchDataset(files.test)]);
  return { train, test };
}

/** The experiment's options as plain data: progress and log are the page's console. */
export type PageTransferOptions = Omit<ExperimentOptions, 'progress' | 'log'>;

/** Peak memory seen inside the page during a transfer run. */
export interface PageMemoryReport {
  /** Largest tf.memory().numBytes seen in the page. */
  peakTfjsBytes: number;
  /** Largest JavaScript heap in use (Chrome's performance.memory), 0 where the browser does not say. */
  peakJsHeapBytes: number;
}

/** What the page's transfer call returns: its env, the conv backend it used, the result and its memory. */
export interface PageTransferRun {
  env: ResultEnv;
  backend: ConvBackend;
  result: ExperimentResult;
  memory: PageMemoryReport;
}

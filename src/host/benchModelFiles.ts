// Node only: the model of `bench model --from`, read and checked here (a directory, its model.json, or an http(s)
// URL), and, for the browser host, written whole to a temporary folder the page fetches it from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelKind, type BenchModel, type BenchRows } from '../bench/benchModel.js';
import { loadCsvDataset } from '../data/loadCsv.js';
import type { tf } from '../gpu/tfjsBackend.js';
import { openModelArtifacts } from '../transfer/openModel.js';

/** A BenchModel with its files in memory. */
export type LocalBenchModel = BenchModel & { artifacts: tf.io.ModelArtifacts };

/** Where the browser host's page finds the model's files, relative to the page. */
export const benchModelUrlPath = 'bench-model/';

/**
 * The model at `location` (a directory, its model.json, or an http(s) URL) with its files in memory, checked as
 * openModelArtifacts checks them: ModelFormatError naming the file and what is wrong. `inputShapes`: per input, its
 * dimensions after the batch (--input-shape); `rows`: its input's values (--data).
 */
export async function openBenchModel(location: string, inputShapes?: number[][], rows?: BenchRows): Promise<LocalBenchModel> {
  const artifacts = await openModelArtifacts(location);
  return { source: location, kind: modelKind(artifacts), artifacts, ...(inputShapes?.length ? { inputShapes } : {}), ...(rows ? { rows } : {}) };
}

/** The first `count` feature rows of a bundled dataset or CSV file (its label column left out), for BenchModel.rows. */
export function benchRows(nameOrPath: string, count: number): BenchRows {
  const dataset = loadCsvDataset(nameOrPath);
  const rows = Math.min(count, dataset.rows);
  return { source: dataset.source, values: Array.from(dataset.features.subarray(0, rows * dataset.cols)), cols: dataset.cols };
}

/** model.json and one weights file, as tfjs's http loader reads them, GraphModel fields (signature…) included. */
function writeModelFolder(dir: string, artifacts: tf.io.ModelArtifacts): void {
  const { weightData, weightSpecs, ...rest } = artifacts;
  const bytes = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.concat(bytes.map((b) => new Uint8Array(b))));
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs ?? [] }] }));
}

/** The model as the browser host's page gets it: its files in a temporary folder served at benchModelUrlPath. */
export interface ServedBenchModel {
  /** The model for BenchOptions: its URL instead of its files. */
  model: BenchModel;
  /** For BrowserHostOptions.extraRoots. */
  extraRoots: Record<string, string>;
  /** Removes the folder. */
  remove(): void;
}

/** Writes the model's files to a temporary folder for the page to fetch (remove() when the run is over). */
export function serveBenchModel(model: LocalBenchModel): ServedBenchModel {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-bench-model-'));
  try {
    writeModelFolder(dir, model.artifacts);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { artifacts: _, ...rest } = model;
  return {
    model: { ...rest, url: `${benchModelUrlPath}model.json` },
    extraRoots: { [benchModelUrlPath]: dir },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

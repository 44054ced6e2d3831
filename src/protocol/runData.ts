// What travels between the Node side and the page for `train` and `stack` on the browser host: the dataset as
// plain arrays (loaded here, so the page needs no file access and both hosts split the same rows) and the JSON-able
// part of a training result.
import type { Dataset } from '../data/dataset.js';
import { BadInputError } from '../errors.js';
import type { ExperimentResult } from '../nn/experiment.js';
import type { ResultEnv } from '../results/env.js';

/** A Dataset as plain JSON arrays, for the trip from the Node side into the page. */
export interface PageDataset {
  features: number[];
  labels: number[];
  rows: number;
  cols: number;
  featureNames: string[];
  classNames: string[];
  source: string;
}

/**
 * float32 values survive the trip exactly: each is a double on the way and a float32 again in the page. A raw table
 * (categories, missing cells as NaN, which JSON cannot carry) is refused: it runs on the Node host.
 */
export function toPageDataset(dataset: Dataset): PageDataset {
  const { rows, cols, source } = dataset;
  if (dataset.columns) throw new BadInputError(`${source}: categorical columns and missing values run on the Node host only: drop --host browser / --browser-endpoint`);
  return { features: Array.from(dataset.features), labels: Array.from(dataset.labels), rows, cols, featureNames: [...dataset.featureNames], classNames: [...dataset.classNames], source };
}

export function fromPageDataset(data: PageDataset): Dataset {
  return { ...data, features: Float32Array.from(data.features), labels: Uint32Array.from(data.labels) };
}

/** What `train` reports of an experiment, whichever host ran it (an ExperimentResult is one). */
export type ExperimentSummary = Pick<ExperimentResult, 'impl' | 'spec' | 'history' | 'trainAccuracy' | 'testAccuracy' | 'testReport' | 'setupMs'> & {
  train: Pick<Dataset, 'rows' | 'cols' | 'classNames'>;
  test: Pick<Dataset, 'rows'>;
};

export function experimentSummary(result: ExperimentResult): ExperimentSummary {
  const { impl, spec, history, trainAccuracy, testAccuracy, testReport, setupMs, train, test } = result;
  return { impl, spec, history, trainAccuracy, testAccuracy, testReport, setupMs, train: { rows: train.rows, cols: train.cols, classNames: [...train.classNames] }, test: { rows: test.rows } };
}

/** What the page's train call returns. */
export interface PageTrainRun {
  env: ResultEnv;
  result: ExperimentSummary;
  totalMs: number;
}

// Raw table columns → plain numeric features, learned from the training rows only: missing numbers imputed with the
// training mean plus a missing-indicator column; categories one-hot, with an "(other)" slot for categories the
// training rows lack (or that fall outside the most frequent ones) and a "(missing)" slot. The widths come from the
// schema alone, so every split of one file encodes to the same columns.
import { BadInputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import type { FeatureColumn } from './schema.js';

/** Categories of one column that get their own one-hot slot, the most frequent in the training rows first. */
export const maxOneHotCategories = 32;

/** How one raw column becomes encoded columns; plain data, saved with a model. */
export type ColumnEncoding =
  | { readonly name: string; readonly kind: 'number'; readonly fill: number; readonly indicator: boolean }
  | { readonly name: string; readonly kind: 'one-hot'; readonly categories: readonly string[]; readonly missingSlot: boolean };

/** What fitEncoder learned: one encoding per raw column, and the names of the encoded columns. */
export interface Encoder {
  readonly columns: readonly ColumnEncoding[];
  readonly featureNames: readonly string[];
}

/** Learns each column's encoding from `train`'s rows (a raw dataset: `columns` set). */
export function fitEncoder(train: Dataset): Encoder {
  const columns = rawColumns(train).map((column, c): ColumnEncoding => {
    if (column.kind !== 'categorical') {
      let [sum, count] = [0, 0];
      forColumn(train, c, (v) => {
        if (!Number.isNaN(v)) [sum, count] = [sum + v, count + 1];
      });
      return { name: column.name, kind: 'number', fill: count > 0 ? sum / count : 0, indicator: column.missing > 0 };
    }
    const counts = new Float64Array(column.categories!.length);
    forColumn(train, c, (v) => {
      if (!Number.isNaN(v)) counts[v]++;
    });
    const kept = Array.from(counts.keys()).sort((a, b) => counts[b] - counts[a] || a - b).slice(0, maxOneHotCategories);
    return { name: column.name, kind: 'one-hot', categories: kept.map((k) => column.categories![k]), missingSlot: column.missing > 0 };
  });
  return { columns, featureNames: columns.flatMap(encodedNames) };
}

function encodedNames(e: ColumnEncoding): string[] {
  if (e.kind === 'number') return e.indicator ? [e.name, `${e.name} (missing)`] : [e.name];
  return [...e.categories.map((c) => `${e.name}=${c}`), `${e.name}=(other)`, ...(e.missingSlot ? [`${e.name}=(missing)`] : [])];
}

/** The dataset with every column encoded as `encoder` says: plain float32 features, no NaN, no `columns`. */
export function applyEncoder(encoder: Encoder, dataset: Dataset): Dataset {
  const raw = rawColumns(dataset);
  if (raw.length !== encoder.columns.length) throw new BadInputError(`${dataset.source}: the encoder was fitted on ${encoder.columns.length} columns, the dataset has ${raw.length}`);
  const cols = encoder.featureNames.length;
  const features = new Float32Array(dataset.rows * cols);
  let at = 0;
  encoder.columns.forEach((e, c) => {
    if (e.kind === 'number') {
      forColumn(dataset, c, (v, r) => {
        features[r * cols + at] = Number.isNaN(v) ? e.fill : v;
        if (e.indicator) features[r * cols + at + 1] = Number(Number.isNaN(v));
      });
      at += e.indicator ? 2 : 1;
      return;
    }
    // Raw code → slot, through the category names (the dataset's codes need not be the training file's).
    const slotOf = new Map(e.categories.map((name, i) => [name, i]));
    const slots = raw[c].categories!.map((name) => slotOf.get(name) ?? e.categories.length);
    const missingSlot = e.missingSlot ? e.categories.length + 1 : e.categories.length;
    forColumn(dataset, c, (v, r) => (features[r * cols + at + (Number.isNaN(v) ? missingSlot : slots[v])] = 1));
    at += e.categories.length + 1 + Number(e.missingSlot);
  });
  const { columns: _raw, ...rest } = dataset;
  return { ...rest, features, cols, featureNames: encoder.featureNames };
}

function rawColumns(dataset: Dataset): readonly FeatureColumn[] {
  if (!dataset.columns) throw new BadInputError(`${dataset.source}: has no column types to encode`);
  return dataset.columns;
}

function forColumn(dataset: Dataset, c: number, each: (value: number, row: number) => void): void {
  const { rows, cols, features } = dataset;
  for (let r = 0; r < rows; r++) each(features[r * cols + c], r);
}

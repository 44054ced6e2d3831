// A model saved by `train --save` carries the preprocessing it was trained with (its feature names, the encoder and
// standardizer fitted on its training rows). Transfer prepares new rows the same way: columns taken by name in the
// model's order, encoded, standardized with the source's statistics, train and test rows alike, so nothing is fitted
// on the new rows.
import type { tf } from '../gpu/tfjsBackend.js';
import { selectColumns, type Dataset } from '../data/dataset.js';
import { applyEncoder, type Encoder } from '../data/encode.js';
import { applyStandardizer, type Standardizer } from '../data/standardize.js';
import type { FeatureColumn } from '../data/schema.js';
import { ModelFormatError } from '../nn/modelErrors.js';
import { FeatureColumnsError } from './errors.js';
import { stacklabMetadata } from './metadata.js';
import type { TransferData } from './transferData.js';

/** The preprocessing a saved model's metadata holds, checked for consistency. */
export interface SavedPreprocessing {
  /** Where the model came from, for messages. */
  readonly model: string;
  /** The raw columns the rows must have, in the model's order (the encoder's columns when it has one). */
  readonly columns: readonly string[];
  readonly encoder: Encoder | null;
  readonly standardizer: Standardizer | null;
  /** The model's input features, after encoding. */
  readonly features: number;
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * The preprocessing in a model's `userDefinedMetadata.stacklab` (featureNames, encoder, standardizer, as `train
 * --save` writes them); null when it has none (the pretrain path's models, foreign ones). ModelFormatError for
 * metadata whose parts do not agree on the number of features.
 */
export function savedPreprocessing(artifacts: tf.io.ModelArtifacts, model: string): SavedPreprocessing | null {
  const { featureNames, encoder, standardizer } = stacklabMetadata(artifacts);
  if (!featureNames && !encoder && !standardizer) return null;
  const names = featureNames ?? encoder?.featureNames;
  if (!names) throw new ModelFormatError(model, 'its metadata has a standardizer but no featureNames: the columns it takes are unknown');
  if (encoder && encoder.featureNames.length !== names.length) {
    throw new ModelFormatError(model, `its metadata's encoder makes ${encoder.featureNames.length} features, its featureNames list ${names.length}`);
  }
  if (standardizer && (standardizer.mean.length !== names.length || standardizer.scale.length !== names.length)) {
    throw new ModelFormatError(model, `its metadata's standardizer has ${standardizer.mean.length} means and ${standardizer.scale.length} scales for ${names.length} features`);
  }
  return {
    model,
    columns: encoder ? encoder.columns.map((c) => c.name) : [...names],
    encoder: encoder ?? null,
    standardizer: standardizer ? { mean: Float64Array.from(standardizer.mean), scale: Float64Array.from(standardizer.scale) } : null,
    features: names.length,
  };
}

/** The dataset's raw columns in the model's order; FeatureColumnsError naming every missing and extra column. */
function columnsInModelOrder(saved: SavedPreprocessing, dataset: Dataset): number[] {
  const index = new Map(dataset.featureNames.map((name, c) => [name, c]));
  const wanted = new Set(saved.columns);
  const missing = saved.columns.filter((name) => !index.has(name));
  const extra = dataset.featureNames.filter((name) => !wanted.has(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length > 0 ? `missing ${quoted(missing)}` : '', extra.length > 0 ? `not in the model: ${quoted(extra)}` : ''];
    throw new FeatureColumnsError(dataset.source, saved.model, `${parts.filter((p) => p !== '').join('; ')} (the model takes ${quoted(saved.columns)})`);
  }
  return saved.columns.map((name) => index.get(name)!);
}

/** What the encoder's column types need of the rows; without an encoder, plain numbers only. */
function checkColumnTypes(saved: SavedPreprocessing, columns: readonly FeatureColumn[], source: string): void {
  columns.forEach((column, c) => {
    const encoding = saved.encoder?.columns[c];
    const oneHot = encoding?.kind === 'one-hot';
    if (oneHot && column.kind !== 'categorical') {
      throw new FeatureColumnsError(source, saved.model, `column "${column.name}" holds ${column.kind} values, but the model one-hot encodes it (categories ${quoted(encoding.categories)})`);
    }
    if (!oneHot && column.kind === 'categorical') {
      throw new FeatureColumnsError(source, saved.model, `column "${column.name}" holds text (categories ${quoted(column.categories ?? [])}), but the model takes it as a number`);
    }
    if (!encoding && column.missing > 0) {
      throw new FeatureColumnsError(source, saved.model, `column "${column.name}" has ${column.missing} missing cells, and the model was saved without an encoder to impute them`);
    }
  });
}

/**
 * `dataset`'s rows as the saved model's training rows were prepared: its columns taken by name in the model's
 * order, then encoded (when the model has an encoder) and standardized (when it has a standardizer) with the saved
 * statistics. A new dataset; FeatureColumnsError (a BadInputError) when the columns or their types do not match.
 */
export function applySavedPreprocessing(saved: SavedPreprocessing, dataset: Dataset): Dataset {
  const order = columnsInModelOrder(saved, dataset);
  const ordered = selectColumns(dataset, order);
  const columns = ordered.columns ?? ordered.featureNames.map((name): FeatureColumn => ({ name, kind: 'numeric', missing: 0 }));
  checkColumnTypes(saved, columns, dataset.source);
  const encoded = saved.encoder ? applyEncoder(saved.encoder, { ...ordered, columns }) : ordered;
  return saved.standardizer ? applyStandardizer(saved.standardizer, encoded, true) : encoded;
}

/** Both sides of a transfer prepared with the saved model's preprocessing (see applySavedPreprocessing). */
export function applySavedPreprocessingToData(saved: SavedPreprocessing, data: TransferData): TransferData {
  return { train: applySavedPreprocessing(saved, data.train), test: applySavedPreprocessing(saved, data.test) };
}

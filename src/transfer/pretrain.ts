// Node only: the shipped experiment's source models, trained on digits 0–4 only and saved as tfjs LayersModels: a
// small convnet (models/digits-0-4-cnn/, Keras's mnist_transfer_cnn recipe: convolutional stroke features are meant
// to serve any digit) and an MLP (models/digits-0-4/). The rows of digits 5–9 are written to data/digits-5-9.csv for
// the transfer. Run by `stacklab transfer --pretrain [cnn|mlp]`.
import fs from 'node:fs';
import path from 'node:path';
import { tf } from '../gpu/tfjsBackend.js';
import { selectRows, type Dataset } from '../data/dataset.js';
import { loadCsvDataset, resolveDataPath } from '../data/loadCsv.js';
import { trainTestSplit } from '../data/split.js';
import { writeFileAtomic } from '../data/writeFiles.js';
import type { StacklabModelMetadata } from './metadata.js';
import { modelFiles } from '../nn/modelFiles.js';
import { oneHot } from '../nn/oneHot.js';
import { modelInput, parseImageSize } from './modelInput.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { fitClassifier } from '../nn/tfjsFit.js';
import { selectClasses } from '../data/classSelection.js';

/** The digits source model's architecture: a small convnet (8×8×1 images) or an MLP (64 features). */
export type SourceArch = 'cnn' | 'mlp';

/** What pretrainDigits trains and where it writes. */
export interface PretrainOptions {
  arch: SourceArch;
  /** Model directory to write. */
  out: string;
  /** Where the rows of the other digits go. */
  heldOutCsv: string;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** The shipped source models' settings per architecture: what `stacklab transfer --pretrain cnn|mlp` runs. */
export const pretrainDefaults: Record<SourceArch, PretrainOptions> = {
  cnn: { arch: 'cnn', out: 'models/digits-0-4-cnn', heldOutCsv: 'data/digits-5-9.csv', epochs: 30, learningRate: 0.003, seed: 1 },
  mlp: { arch: 'mlp', out: 'models/digits-0-4', heldOutCsv: 'data/digits-5-9.csv', epochs: 60, learningRate: 0.003, seed: 1 },
};

const sourceClasses = ['0', '1', '2', '3', '4'];
const targetClasses = ['5', '6', '7', '8', '9'];
const inputDivisor = 16;
const digitImage = '8x8x1';

/** The rows of `dataset` whose class is one of `keep`, relabelled 0..keep.length-1. */
function onlyClasses(dataset: Dataset, keep: readonly string[]): Dataset {
  const { rows, labels } = selectClasses(dataset.source, dataset.labels, dataset.classNames.length, keep.map((name) => dataset.classNames.indexOf(name)));
  return { ...selectRows(dataset, rows, `${dataset.source} (digits ${keep[0]}–${keep[keep.length - 1]})`), labels, classNames: [...keep] };
}

function digitsMlp(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed * 1009 + offset });
  return tf.sequential({
    name: 'digits_0_4',
    layers: [
      tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: init(0), name: 'hidden_1' }),
      tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init(1), name: 'hidden_2' }),
      tf.layers.dense({ units: sourceClasses.length, activation: 'softmax', kernelInitializer: init(2), name: 'classifier' }),
    ],
  });
}

/** Two 3×3 convolutions and a pooling step learn strokes; the dense layer combines them into digit evidence. */
function digitsCnn(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed * 1009 + offset });
  return tf.sequential({
    name: 'digits_0_4_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(0), name: 'conv_1' }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(1), name: 'conv_2' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2), name: 'dense_features' }),
      tf.layers.dense({ units: sourceClasses.length, activation: 'softmax', kernelInitializer: init(3), name: 'classifier' }),
    ],
  });
}

/** The CSV lines of digits.csv whose label is 5–9, header kept: the transfer's data, straight from the source. */
function writeTargetRows(file: string): number {
  const lines = fs.readFileSync(resolveDataPath('digits'), 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const labelColumn = lines[0].split(',').indexOf('label');
  const kept = lines.slice(1).filter((line) => targetClasses.includes(line.split(',')[labelColumn]));
  writeFileAtomic(file, [lines[0], ...kept].join('\n') + '\n');
  return kept.length;
}

/** What pretrainDigits wrote, and the source model's accuracy on its held-out digits 0–4. */
export interface PretrainResult {
  modelDir: string;
  testAccuracy: number;
  trainRows: number;
  testRows: number;
  targetCsv: string;
  targetRows: number;
}

/**
 * Trains a source model on digits 0–4 of the bundled digits data (stratified 80%, seed 0) on tfjs's current
 * backend, saves it as a LayersModel in `options.out` with stacklab metadata (input scaling, image size, classes),
 * and writes the rows of digits 5–9 to `options.heldOutCsv` for the transfer.
 */
export async function pretrainDigits(options: PretrainOptions): Promise<PretrainResult> {
  const digits = onlyClasses(loadCsvDataset('digits'), sourceClasses);
  const { train, test } = trainTestSplit(digits, 0.2, 0);
  const model = options.arch === 'cnn' ? digitsCnn(options.seed) : digitsMlp(options.seed);
  const input = { scale: inputDivisor, image: options.arch === 'cnn' ? parseImageSize(digitImage) : undefined };
  const x = modelInput(model, train.features, train.rows, train.cols, input);
  const y = oneHot(train.labels, sourceClasses.length);
  await fitClassifier(model, x, y, { epochs: options.epochs, batchSize: 32, learningRate: options.learningRate, seed: options.seed });
  const xTest = modelInput(model, test.features, test.rows, test.cols, input);
  const probabilities = model.predict(xTest) as tf.Tensor;
  const testAccuracy = accuracy(argmaxRows((await probabilities.data()) as Float32Array, sourceClasses.length), test.labels);
  const metadata: StacklabModelMetadata = {
    inputDivisor,
    ...(options.arch === 'cnn' ? { inputImage: digitImage } : {}),
    classNames: sourceClasses,
    trainedOn: `data/digits.csv, digits 0–4, ${train.rows} rows (stratified 80%, split seed 0)`,
    testAccuracy,
    madeBy: `stacklab transfer --pretrain ${options.arch} (src/transfer/pretrain.ts)`,
  };
  model.setUserDefinedMetadata({ stacklab: metadata });
  await model.save(modelFiles(options.out));
  tf.dispose([x, y, xTest, probabilities]);
  model.dispose();
  const targetRows = writeTargetRows(options.heldOutCsv);
  return { modelDir: path.resolve(options.out), testAccuracy, trainRows: train.rows, testRows: test.rows, targetCsv: options.heldOutCsv, targetRows };
}

// Node only: the shipped Fashion-MNIST source model (models/fashion-0-4/), trained on training images of classes 0–4
// (T-shirt/top, Trouser, Pullover, Dress, Coat: all 30 000) and scored on their 5 000 official test images. The
// transfer targets classes 5–9, which the source never sees. Run by `stacklab transfer --pretrain fashion`.
import path from 'node:path';
import { selectRows } from '../data/dataset.js';
import { fashionMnistClasses, loadFashionMnist } from '../data/fashionMnist.js';
import type { Engine } from '../gpu/engine.js';
import { tf } from '../gpu/tfjsBackend.js';
import { activateConvBackend } from './convBackend.js';
import { fashionSourceModel, type FashionSourceShape } from './fashionSource.js';
import type { StacklabModelMetadata } from './metadata.js';
import { modelFiles } from '../nn/modelFiles.js';
import { oneHot } from '../nn/oneHot.js';
import { accuracy, argmaxRows } from '../data/metrics.js';
import { fitClassifier } from '../nn/tfjsFit.js';

/** What pretrainFashion trains and where it writes. */
export interface FashionPretrainOptions {
  out: string;
  classes: number[];
  shape: FashionSourceShape;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Train on the first N training images only (the files are already shuffled); for quick checks. */
  limit?: number;
}

/** The shipped Fashion-MNIST source model's settings (models/fashion-0-4: classes 0–4, one epoch). */
export const fashionPretrainDefaults: FashionPretrainOptions = {
  out: 'models/fashion-0-4',
  classes: [0, 1, 2, 3, 4],
  shape: { channels: [16, 32, 32], classes: 5, dropout: 0.3 },
  epochs: 1,
  batchSize: 64,
  learningRate: 0.002,
  seed: 1,
};

/** What pretrainFashion wrote, on which backend, and the model's accuracy on the official test images. */
export interface FashionPretrainResult {
  modelDir: string;
  backend: string;
  testAccuracy: number;
  trainRows: number;
  testRows: number;
  trainMs: number;
}

const evalBatch = 500;

async function testAccuracy(model: tf.LayersModel, x: tf.Tensor4D, labels: Uint32Array): Promise<number> {
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < x.shape[0]; start += evalBatch) {
    parts.push(tf.tidy(() => model.predict(x.slice(start, Math.min(evalBatch, x.shape[0] - start))) as tf.Tensor));
  }
  const probabilities = tf.concat(parts);
  const result = accuracy(argmaxRows((await probabilities.data()) as Float32Array, probabilities.shape[1] as number), labels);
  tf.dispose([...parts, probabilities]);
  return result;
}

/**
 * Trains the Fashion-MNIST source convnet on the training images of `options.classes` (on the engine's conv
 * backend), scores it on their official test images, and saves it with stacklab metadata in `options.out`.
 * `progress` gets a line every 25 batches. Throws DatasetMissingError when Fashion-MNIST is not installed.
 */
export async function pretrainFashion(engine: Engine, options = fashionPretrainDefaults, progress?: (line: string) => void): Promise<FashionPretrainResult> {
  const backend = await activateConvBackend(engine);
  const all = loadFashionMnist({ classes: options.classes });
  const { test } = all;
  const train = options.limit ? { ...selectRows(all.train, Array.from({ length: Math.min(options.limit, all.train.rows) }, (_, i) => i)), image: all.train.image } : all.train;
  const shape = (d: typeof train) => [d.rows, d.image.height, d.image.width, d.image.channels] as [number, number, number, number];
  const x = tf.tensor4d(train.features, shape(train));
  const y = oneHot(train.labels, options.classes.length);
  const model = fashionSourceModel(options.seed, options.shape);
  const started = performance.now();
  const batches = Math.ceil(train.rows / options.batchSize);
  await fitClassifier(model, x, y, {
    ...options,
    onStep: (steps) => {
      const [epoch, batch] = [Math.floor((steps - 1) / batches), ((steps - 1) % batches) + 1];
      if (batch % 25 === 0 || batch === batches) progress?.(`epoch ${epoch + 1}/${options.epochs}: batch ${batch}/${batches} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
  const trainMs = performance.now() - started;
  const xTest = tf.tensor4d(test.features, shape(test));
  const accuracyOnTest = await testAccuracy(model, xTest, test.labels);
  const metadata: StacklabModelMetadata = {
    inputDivisor: 1,
    inputImage: '28x28x1',
    classNames: options.classes.map((c) => fashionMnistClasses[c]),
    trainedOn: `${train.source}: ${train.rows} images, ${options.epochs} epoch(s), batch ${options.batchSize}, Adam ${options.learningRate}, seed ${options.seed}`,
    testAccuracy: accuracyOnTest,
    madeBy: 'stacklab transfer --pretrain fashion (src/transfer/pretrainFashion.ts)',
  };
  model.setUserDefinedMetadata({ stacklab: metadata });
  await model.save(modelFiles(options.out));
  tf.dispose([x, y, xTest]);
  model.dispose();
  return { modelDir: path.resolve(options.out), backend, testAccuracy: accuracyOnTest, trainRows: train.rows, testRows: test.rows, trainMs };
}

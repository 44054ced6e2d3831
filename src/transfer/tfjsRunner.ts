// The experiment on tfjs (webgpu backend, engine device): any LayersModel, convolutional ones included.
import { tf } from '../gpu/tfjsBackend.js';
import type { Dataset } from '../data/dataset.js';
import { measureFeatureCaching } from './cachingTiming.js';
import { cutBase } from './cut.js';
import { compareFingerprints, fingerprintLayers } from './fingerprint.js';
import { freezeLayers, unfreezeTop } from './freeze.js';
import { featureShape, newHead, stackHead } from './head.js';
import { modelFromArtifacts } from './modelArtifacts.js';
import { oneHot } from '../nn/oneHot.js';
import { modelInput, type InputOptions } from './modelInput.js';
import type { RunOutcome, Runner, TrainSettings } from './runner.js';
import { freshModel } from './scratch.js';
import { accuracy, fitClassifier, type FitOptions } from './trainLoop.js';

export interface RunnerOptions {
  freeze: number | 'all';
  cut?: string | number;
  input: InputOptions;
  settings: TrainSettings;
}

const rowsTensor = (rows: ArrayLike<number>) => tf.tensor1d(Int32Array.from(rows), 'int32');

export async function tfjsRunner(artifacts: tf.io.ModelArtifacts, dataset: Dataset, testRows: Uint32Array, options: RunnerOptions): Promise<Runner> {
  const classes = dataset.classNames.length;
  const probe = await modelFromArtifacts(artifacts);
  const { base, cutLayer } = cutBase(probe, options.cut);
  const x = modelInput(probe, dataset.features, dataset.rows, dataset.cols, options.input);
  const y = oneHot(dataset.labels, classes);
  const test = rowsTensor(testRows);
  const testLabels = Uint32Array.from(testRows, (row) => dataset.labels[row]);
  const { settings } = options;
  const fit = (seed: number): FitOptions => ({ epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, seed });

  // With the whole base frozen its weights never change, so its features for every row are computed once.
  let cache: { features: tf.Tensor; frozen: tf.layers.Layer[] } | null = null;
  let cacheBefore: Awaited<ReturnType<typeof fingerprintLayers>> = [];
  if (options.freeze === 'all') {
    const frozen = freezeLayers(base, 'all');
    cacheBefore = await fingerprintLayers(frozen);
    cache = { features: base.predict(x, { batchSize: 256 }) as tf.Tensor, frozen };
  }

  const score = async (model: tf.LayersModel, inputs: tf.Tensor) => {
    const probabilities = tf.tidy(() => model.predict(tf.gather(inputs, test), { batchSize: 256 }) as tf.Tensor);
    const result = await accuracy(probabilities, testLabels);
    probabilities.dispose();
    return result;
  };

  const transfer = async (rows: Uint32Array, seed: number): Promise<RunOutcome> => {
    const index = rowsTensor(rows);
    const [xTrain, yTrain] = [tf.gather(x, index), tf.gather(y, index)];
    try {
      if (cache && !settings.fineTune) {
        const head = newHead(cache.features.shape.slice(1), classes, seed);
        const fTrain = tf.gather(cache.features, index);
        await fitClassifier(head, fTrain, yTrain, fit(seed));
        const result = await score(head, cache.features);
        fTrain.dispose();
        head.dispose();
        const changed = compareFingerprints(cacheBefore, await fingerprintLayers(cache.frozen)).changed;
        return { accuracy: result, frozenNames: cache.frozen.map((l) => l.name), changed };
      }
      // The base itself changes in this run (partly frozen, or a second phase), so it gets its own copy.
      const model = await modelFromArtifacts(artifacts);
      const own = cutBase(model, options.cut).base;
      let frozen = freezeLayers(own, options.freeze);
      const before = await fingerprintLayers(frozen);
      const head = newHead(featureShape(own), classes, seed);
      const full = stackHead(own, head);
      if (cache) {
        const fTrain = tf.gather(cache.features, index);
        await fitClassifier(head, fTrain, yTrain, fit(seed));
        fTrain.dispose();
      } else {
        await fitClassifier(full, xTrain, yTrain, fit(seed));
      }
      if (settings.fineTune) {
        frozen = unfreezeTop(frozen, settings.fineTune.layers);
        const { epochs, learningRate } = settings.fineTune;
        await fitClassifier(full, xTrain, yTrain, { ...fit(seed + 1), epochs, learningRate });
      }
      const still = new Set(frozen.flatMap((layer) => layer.weights.map((w) => w.originalName)));
      const changed = compareFingerprints(before.filter((f) => still.has(f.name)), await fingerprintLayers(frozen)).changed;
      const result = await score(full, x);
      model.dispose();
      head.dispose();
      return { accuracy: result, frozenNames: frozen.map((l) => l.name), changed };
    } finally {
      tf.dispose([index, xTrain, yTrain]);
    }
  };

  const scratch = async (rows: Uint32Array, seed: number): Promise<number> => {
    const model = await freshModel(artifacts.modelTopology as object, seed);
    const fresh = cutBase(model, options.cut).base;
    const head = newHead(featureShape(fresh), classes, seed);
    const full = stackHead(fresh, head);
    const index = rowsTensor(rows);
    const [xTrain, yTrain] = [tf.gather(x, index), tf.gather(y, index)];
    await fitClassifier(full, xTrain, yTrain, fit(seed));
    const result = await score(full, x);
    tf.dispose([index, xTrain, yTrain]);
    model.dispose();
    head.dispose();
    return result;
  };

  return {
    impl: 'tfjs',
    cutLayer,
    featuresCached: cache !== null,
    transfer,
    scratch,
    cachingTiming: async (rows, epochs) => {
      if (!cache) return null;
      const index = rowsTensor(rows);
      const [xRows, yRows] = [tf.gather(x, index), tf.gather(y, index)];
      const timing = await measureFeatureCaching(base, xRows, yRows, classes, { ...fit(0), epochs });
      tf.dispose([index, xRows, yRows]);
      return timing;
    },
    dispose: () => {
      tf.dispose([x, y, test, ...(cache ? [cache.features] : [])]);
      probe.dispose();
    },
  };
}

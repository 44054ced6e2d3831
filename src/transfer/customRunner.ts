// The experiment on stacklab's own kernels, for dense-only bases: the head, the scratch network and any fine-tuning
// train as custom MLPs (frozen layers skip dW/db). tfjs runs only the frozen base, once, to cache its features.
import { tf } from '../gpu/tfjsBackend.js';
import type { Engine } from '../gpu/engine.js';
import type { Dataset } from '../data/dataset.js';
import { initialWeights } from '../nn/init.js';
import { accuracy, Mlp } from '../nn/mlp.js';
import type { LayerWeights, MlpSpec } from '../nn/mlpSpec.js';
import type { TrainingRows } from '../nn/trainingPlan.js';
import type { CachingTiming } from './cachingTiming.js';
import { cutBase } from './cut.js';
import { readDenseBase } from './denseBase.js';
import { compareFingerprints, fingerprintLayers, fingerprintValues, type WeightFingerprint } from './fingerprint.js';
import { freezeLayers } from './freeze.js';
import { modelFromArtifacts } from './modelArtifacts.js';
import { modelInput } from './modelInput.js';
import type { RunOutcome, Runner } from './runner.js';
import type { RunnerOptions } from './tfjsRunner.js';

/** Rows `rows` of a row-major matrix with `cols` columns, with their labels, as the MLP's training input. */
function pick(values: Float32Array, cols: number, labels: Uint32Array, rows: ArrayLike<number>): TrainingRows {
  const features = new Float32Array(rows.length * cols);
  const picked = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    features.set(values.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols);
    picked[i] = labels[rows[i]];
  }
  return { features, labels: picked, rows: rows.length, cols };
}

async function fingerprintMlp(mlp: Mlp, names: readonly string[], count: number): Promise<WeightFingerprint[]> {
  const weights = await mlp.getWeights();
  return weights.slice(0, count).flatMap((w, l) => [fingerprintValues(`${names[l]}/kernel`, w.w), fingerprintValues(`${names[l]}/bias`, w.b)]);
}

export async function customRunner(engine: Engine, artifacts: tf.io.ModelArtifacts, dataset: Dataset, testRows: Uint32Array, options: RunnerOptions): Promise<Runner> {
  const classes = dataset.classNames.length;
  const probe = await modelFromArtifacts(artifacts);
  const { base, cutLayer } = cutBase(probe, options.cut);
  const dense = await readDenseBase(base);
  const baseLayers = dense.specs.length;
  const freezeCount = options.freeze === 'all' ? baseLayers : options.freeze;
  if (!(freezeCount >= 0 && freezeCount <= baseLayers)) throw new RangeError(`--freeze ${options.freeze}: the base has ${baseLayers} layers (${dense.names.join(', ')})`);
  const featureCount = dense.specs[baseLayers - 1].units;
  const headSpec: MlpSpec = { layers: [{ inputs: featureCount, units: classes, activation: 'linear' }] };
  const fullSpec: MlpSpec = { layers: [...dense.specs, headSpec.layers[0]] };
  const names = [...dense.names, 'head'];

  const xTensor = modelInput(probe, dataset.features, dataset.rows, dataset.cols, options.input);
  const inputCols = xTensor.shape[1] as number;
  const inputs = (await xTensor.data()) as Float32Array;
  const { settings } = options;
  const fitOptions = (seed: number) => ({ epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, seed });
  const testLabels = Uint32Array.from(testRows, (row) => dataset.labels[row]);
  const testInputs = pick(inputs, inputCols, dataset.labels, testRows).features;

  // With the whole base frozen, its features for every row are computed once (tfjs, inference mode).
  let cache: { features: Float32Array; frozen: tf.layers.Layer[]; before: WeightFingerprint[] } | null = null;
  if (freezeCount === baseLayers) {
    const frozen = freezeLayers(base, 'all');
    const before = await fingerprintLayers(frozen);
    const featureTensor = base.predict(xTensor, { batchSize: 256 }) as tf.Tensor;
    cache = { features: (await featureTensor.data()) as Float32Array, frozen, before };
    featureTensor.dispose();
  }
  xTensor.dispose();

  const trainHead = async (rows: Uint32Array, seed: number): Promise<Mlp> => {
    const head = new Mlp(engine, headSpec, { seed });
    try {
      await head.fit(pick(cache!.features, featureCount, dataset.labels, rows), fitOptions(seed));
    } catch (error) {
      head.dispose();
      throw error;
    }
    return head;
  };

  const transfer = async (rows: Uint32Array, seed: number): Promise<RunOutcome> => {
    if (cache && !settings.fineTune) {
      const head = await trainHead(rows, seed);
      let predicted: Uint32Array;
      try {
        predicted = await head.predict(pick(cache.features, featureCount, dataset.labels, testRows).features);
      } finally {
        head.dispose();
      }
      const changed = compareFingerprints(cache.before, await fingerprintLayers(cache.frozen)).changed;
      return { accuracy: accuracy(predicted, testLabels), frozenNames: dense.names, changed };
    }
    let headWeights: LayerWeights;
    if (cache) {
      const head = await trainHead(rows, seed);
      try {
        [headWeights] = await head.getWeights();
      } finally {
        head.dispose();
      }
    } else {
      [headWeights] = initialWeights(headSpec, seed);
    }
    const mlp = new Mlp(engine, fullSpec, { weights: [...dense.weights, headWeights] });
    let frozen = freezeCount;
    let changed: string[];
    let predicted: Uint32Array;
    try {
      mlp.freeze(frozen);
      const before = await fingerprintMlp(mlp, names, frozen);
      const train = pick(inputs, inputCols, dataset.labels, rows);
      if (!cache) await mlp.fit(train, fitOptions(seed));
      if (settings.fineTune) {
        if (settings.fineTune.layers > frozen) throw new RangeError(`--fine-tune ${settings.fineTune.layers}: only ${frozen} layers are frozen`);
        frozen -= settings.fineTune.layers;
        mlp.freeze(frozen);
        await mlp.fit(train, { ...fitOptions(seed + 1), epochs: settings.fineTune.epochs, learningRate: settings.fineTune.learningRate });
      }
      changed = compareFingerprints(before.slice(0, 2 * frozen), await fingerprintMlp(mlp, names, frozen)).changed;
      predicted = await mlp.predict(testInputs);
    } finally {
      mlp.dispose();
    }
    return { accuracy: accuracy(predicted, testLabels), frozenNames: dense.names.slice(0, frozen), changed };
  };

  const scratch = async (rows: Uint32Array, seed: number): Promise<number> => {
    const mlp = new Mlp(engine, fullSpec, { seed });
    try {
      await mlp.fit(pick(inputs, inputCols, dataset.labels, rows), fitOptions(seed));
      return accuracy(await mlp.predict(testInputs), testLabels);
    } finally {
      mlp.dispose();
    }
  };

  const cachingTiming = async (rows: Uint32Array, epochs: number): Promise<CachingTiming | null> => {
    if (!cache) return null;
    const train = pick(inputs, inputCols, dataset.labels, rows);
    const cached = async (n: number) => {
      const features = tf.tidy(() => base.predict(tf.tensor2d(train.features, [train.rows, inputCols]), { batchSize: 256 }) as tf.Tensor);
      const head = new Mlp(engine, headSpec, { seed: 0 });
      try {
        await head.fit({ ...train, features: (await features.data()) as Float32Array, cols: featureCount }, { ...fitOptions(0), epochs: n });
      } finally {
        features.dispose();
        head.dispose();
      }
    };
    const uncached = async (n: number) => {
      const mlp = new Mlp(engine, fullSpec, { weights: [...dense.weights, initialWeights(headSpec, 0)[0]] });
      try {
        mlp.freeze(baseLayers);
        await mlp.fit(train, { ...fitOptions(0), epochs: n });
      } finally {
        mlp.dispose();
      }
    };
    await cached(1);
    await uncached(1);
    let start = performance.now();
    await cached(epochs);
    const cachedMs = performance.now() - start;
    start = performance.now();
    await uncached(epochs);
    const uncachedMs = performance.now() - start;
    return { rows: train.rows, epochs, cachedMs, uncachedMs, speedup: uncachedMs / cachedMs };
  };

  return { impl: 'custom', cutLayer, featuresCached: cache !== null, transfer, scratch, cachingTiming, dispose: () => probe.dispose() };
}

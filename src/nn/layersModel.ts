// Conversion between the custom MLP and a tfjs LayersModel (a Sequential of Dense layers), which is how the MLP is
// saved and loaded: tfjs writes and reads the model.json + weights format itself, so both sides agree on it.
import { ModelFormatError } from './modelErrors.js';
import type { Encoder } from '../data/encode.js';
import type { Standardizer, TargetScaler } from '../data/standardize.js';
import type { Task } from '../data/task.js';
import type { Engine } from '../gpu/engine.js';
import type { RegressionLoss } from '../kernels/loss.js';
import { tf } from '../gpu/tfjsBackend.js';
import { Mlp } from './mlp.js';
import type { Activation, DenseSpec, MlpSpec } from './mlpSpec.js';
import { buildTfjsMlp, tfjsWeights } from './tfjsMlp.js';

/** Travels in model.json's userDefinedMetadata, so a saved model can be applied to raw CSV rows again. */
export interface ModelMetadata {
  /**
   * What the output is: class probabilities (softmax), or for `regression` one linear output, the target in
   * standardized units (see targetScaler). Absent means classification.
   */
  task?: Task;
  /** The class of each output, by index. */
  classNames?: string[];
  /** The feature columns the model takes, in order. */
  featureNames?: string[];
  /** The training rows' per-feature mean and scale, applied to raw rows before predicting. */
  standardizer?: { mean: number[]; scale: number[] };
  /**
   * How raw CSV columns become the model's features (one-hot categories, imputed values and missing indicators,
   * learned on the training rows), applied before the standardizer; absent when the CSV needed none.
   */
  encoder?: Encoder;
  /** Regression: the training targets' mean and standard deviation; the target in its units is output · scale + mean. */
  targetScaler?: TargetScaler;
  /** Regression: the loss it was trained with (Huber's δ in standardized target units). */
  loss?: RegressionLoss;
}

/** A Standardizer as plain number arrays, for ModelMetadata. */
export function standardizerMetadata(standardizer: Standardizer): ModelMetadata['standardizer'] {
  return { mean: Array.from(standardizer.mean), scale: Array.from(standardizer.scale) };
}

/**
 * A tfjs copy of the MLP with its current weights: a classifier's logits get tfjs's softmax, a regressor's output
 * (metadata.task `regression`) stays linear.
 */
export async function mlpToLayersModel(mlp: Mlp, metadata: ModelMetadata = {}): Promise<tf.Sequential> {
  const model = buildTfjsMlp(mlp.spec, await mlp.getWeights(), metadata.task === 'regression' ? 'linear' : 'softmax');
  model.setUserDefinedMetadata({ stacklab: metadata } as unknown as object);
  return model;
}

const activations: readonly string[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** The custom MLP from a tfjs model made only of Dense layers; the last must end in softmax (or be linear logits). */
export async function mlpFromLayersModel(engine: Engine, model: tf.LayersModel, source = 'model'): Promise<{ mlp: Mlp; metadata: ModelMetadata }> {
  const layers: DenseSpec[] = model.layers.map((layer, i) => {
    const className = layer.getClassName();
    if (className !== 'Dense') throw new ModelFormatError(source, `layer ${i} "${layer.name}" is ${className}; the custom MLP takes Dense layers only`);
    const config = layer.getConfig() as { units: number; activation: string; useBias?: boolean };
    if (config.useBias === false) throw new ModelFormatError(source, `layer ${i} "${layer.name}" has no bias; the custom MLP's layers all have one`);
    const last = i === model.layers.length - 1;
    const activation = last && config.activation === 'softmax' ? 'linear' : config.activation;
    if (!activations.includes(activation)) {
      throw new ModelFormatError(source, `layer ${i} "${layer.name}" has activation ${config.activation}; the custom MLP supports ${activations.join(', ')}${last ? ' (or softmax on the last layer)' : ''}`);
    }
    const [kernel] = layer.getWeights();
    return { inputs: kernel.shape[0], units: config.units, activation: activation as Activation };
  });
  if (layers.length === 0) throw new ModelFormatError(source, `the model has no layers`);
  const spec: MlpSpec = { layers };
  const mlp = new Mlp(engine, spec, { weights: await tfjsWeights(model) });
  const stored = model.getUserDefinedMetadata() as { stacklab?: ModelMetadata } | undefined;
  return { mlp, metadata: stored?.stacklab ?? {} };
}

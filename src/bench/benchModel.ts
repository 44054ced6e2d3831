// The model `stacklab bench model --from …` runs: read and checked on the Node side, then handed to where the
// engine is (in memory to the Node host's worker, as a URL the page fetches on the browser host), built there as
// a tfjs LayersModel or GraphModel, and fed random inputs of its own input shapes and dtypes.
import { seededRandom } from '../data/random.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { tf } from '../gpu/tfjsBackend.js';
import { ModelFormatError } from '../nn/modelErrors.js';
import { modelFromArtifacts, readCheckedArtifacts } from '../transfer/modelArtifacts.js';

/** A LayersModel (predict and fit are timed) or a GraphModel (predict only). */
export type BenchModelKind = 'layers' | 'graph';

/** The model of a `bench model` run, as BenchOptions carries it. */
export interface BenchModel {
  /** What the user named (directory, model.json or URL): every error about the model names it. */
  source: string;
  kind: BenchModelKind;
  /** The model's files, read where the command runs (the Node host's worker gets them in memory)… */
  artifacts?: tf.io.ModelArtifacts;
  /** …or where the page fetches them (the browser host: a URL relative to the page). */
  url?: string;
  /** Per model input, its dimensions after the batch, where the model leaves some free (--input-shape). */
  inputShapes?: number[][];
  /** Rows for the model's one input instead of random values (--data), as many as the largest batch; cycled when fewer. */
  rows?: BenchRows;
}

/** Feature rows of a dataset, as the model's input (--data). */
export interface BenchRows {
  /** The file or bundled dataset they came from. */
  source: string;
  /** [rows × cols], row-major. */
  values: number[];
  cols: number;
}

/** A tfjs model as the bench runs it. */
export type LoadedModel = tf.LayersModel | tf.GraphModel;

/** A GraphModel's model.json says so in `format`; converters before that field wrote a graph (`node`) topology. */
export function modelKind(artifacts: tf.io.ModelArtifacts): BenchModelKind {
  const topology = artifacts.modelTopology as { node?: unknown } | undefined;
  return artifacts.format === 'graph-model' || Array.isArray(topology?.node) ? 'graph' : 'layers';
}

/** The model's checked artifacts: those carried in memory, or fetched from its URL. */
export function benchModelArtifacts(model: BenchModel): Promise<tf.io.ModelArtifacts> {
  if (model.artifacts) return Promise.resolve(model.artifacts);
  if (!model.url) throw new ModelFormatError(model.source, 'the bench run was given neither the model\'s files nor a URL to fetch them from');
  return readCheckedArtifacts(tf.io.http(model.url), model.source);
}

/** A new model (fresh weights) from the artifacts; ModelFormatError naming the source when tfjs cannot build it. */
export async function buildModel(model: BenchModel, artifacts: tf.io.ModelArtifacts): Promise<LoadedModel> {
  try {
    return model.kind === 'graph' ? await tf.loadGraphModel(tf.io.fromMemory(artifacts)) : await modelFromArtifacts(artifacts);
  } catch (error) {
    throw new ModelFormatError(model.source, `TensorFlow.js cannot build the ${model.kind === 'graph' ? 'GraphModel' : 'LayersModel'}: ${(error as Error).message}`);
  }
}

/** One model input: its name, its shape with the batch first, its dtype, and its values when they are given (--data). */
export interface ModelInput {
  name: string;
  shape: number[];
  dtype: tf.DataType;
  values?: Float32Array;
}

/** Each input's name, declared shape (null for a free dimension) and dtype. */
function declaredInputs(model: LoadedModel): { name: string; shape: (number | null)[]; dtype: tf.DataType }[] {
  if (model instanceof tf.LayersModel) return model.inputs.map((input, i) => ({ name: model.inputNames[i] ?? input.name, shape: input.shape, dtype: input.dtype }));
  return model.inputs.map((input) => ({ name: input.name, shape: (input.shape ?? []).map((d) => (d < 0 ? null : d)), dtype: input.dtype }));
}

/**
 * The model's inputs at `batch`: each declared shape with the batch first and its free dimensions from `given`
 * (BenchModel.inputShapes). ShapeError naming the input layer, its shape and the one asked for, when they differ in
 * rank or in a fixed dimension (the batch included), or when a free dimension is given no size. With rows
 * (BenchModel.rows) the model must have one input, and a row must fill it.
 */
export function modelInputs(model: BenchModel, loaded: LoadedModel, batch: number): ModelInput[] {
  const declared = declaredInputs(loaded);
  const inputs = declared.map(({ name, shape, dtype }, i) => {
    const given = model.inputShapes?.[i];
    const wanted = [batch, ...(given ?? shape.slice(1).map((d) => d ?? NaN))];
    const expected = shape.map((d, axis) => (d === null ? (axis === 0 ? 'batch' : `d${axis}`) : d));
    const layer = `${model.source}: input layer "${name}"`;
    if (wanted.length !== shape.length || shape.some((d, axis) => d !== null && d !== wanted[axis])) {
      throw new ShapeError(layer, 'input', expected, wanted, given ? '--input-shape' : `--batch ${batch}`);
    }
    if (wanted.some((d) => Number.isNaN(d))) {
      throw new ShapeError(layer, 'input', expected, wanted.map((d) => (Number.isNaN(d) ? 0 : d)), 'free dimensions (0 here) need sizes: give --input-shape, e.g. 224x224x3');
    }
    return { name, shape: wanted, dtype };
  });
  return model.rows ? [rowsAsInput(model, inputs, model.rows)] : inputs;
}

/** The rows, cycled to the batch, as the model's one input; ShapeError naming the input layer when a row does not fill it. */
function rowsAsInput(model: BenchModel, inputs: readonly ModelInput[], rows: BenchRows): ModelInput {
  if (inputs.length !== 1) throw new ArgumentError(`${model.source}: --data gives one input, and the model has ${inputs.length} (${inputs.map((input) => input.name).join(', ')})`);
  const [input] = inputs;
  const [batch, ...dims] = input.shape;
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== rows.cols) {
    throw new ShapeError(`${model.source}: input layer "${input.name}"`, 'input', input.shape, [batch, rows.cols], `each row of --data ${rows.source} has ${rows.cols} features; a row must fill [${dims.join(', ')}]`);
  }
  const available = rows.values.length / rows.cols;
  const values = Float32Array.from({ length: batch * size }, (_, i) => rows.values[(Math.floor(i / size) % available) * size + (i % size)]);
  return { ...input, dtype: 'float32', values };
}

/**
 * The inputs' tensors: their values where given, else random ones of their shapes and dtypes from `seed`: floats
 * uniform in [0, 1); integers and booleans 0 or 1, which any embedding or lookup the model has can take.
 */
export function inputTensors(inputs: readonly ModelInput[], seed: number): tf.Tensor[] {
  const random = seededRandom(seed);
  return inputs.map(({ shape, dtype, values }) => {
    if (values) return tf.tensor(values, shape, 'float32');
    const size = shape.reduce((a, b) => a * b, 1);
    if (dtype === 'float32') return tf.tensor(Float32Array.from({ length: size }, () => random.next()), shape, 'float32');
    return tf.tensor(Int32Array.from({ length: size }, () => random.int(2)), shape, dtype === 'bool' ? 'bool' : 'int32');
  });
}

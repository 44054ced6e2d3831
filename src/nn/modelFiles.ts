// Node only: tfjs LayersModel files on disk (model.json + the weight files its manifest names), since tfjs-node and
// its file:// handler are not used. Loading checks what tfjs would report late or vaguely (missing file, bad JSON,
// missing shard, byte count against the manifest); saving writes weights.bin then model.json, each atomically, so a
// model.json never names weights that are not all there. Weights can be saved quantized as the converter does.
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { writeFileAtomic } from '../data/writeFiles.js';
import { mlpFromLayersModel, mlpToLayersModel, type ModelMetadata } from './layersModel.js';
import type { Mlp } from './mlp.js';
import { MissingWeightFileError, ModelFormatError, WeightSizeError } from './modelErrors.js';
import { manifestBytes, quantizeWeights, type QuantizedDtype } from './weightManifest.js';

const weightsFile = 'weights.bin';

/** How modelFiles saves. */
export interface ModelFilesOptions {
  /** Save float32 weights quantized to this width (the converter's `--quantize_uint8` / `uint16`). */
  quantize?: QuantizedDtype;
}

/** `location`: a model directory or its model.json. */
function modelJsonPath(location: string): string {
  return location.endsWith('.json') ? location : path.join(location, 'model.json');
}

function readModelJson(jsonPath: string): tf.io.ModelJSON {
  if (!fs.existsSync(jsonPath)) throw new ModelFormatError(jsonPath, 'no such file (a LayersModel directory holds model.json and its weight files)');
  try {
    return JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new ModelFormatError(jsonPath, `not valid JSON: ${(error as Error).message}`);
  }
}

/** Every shard of every manifest group, checked against the manifest's byte count per group. */
function readShards(jsonPath: string, manifest: tf.io.WeightsManifestConfig): ArrayBuffer[] {
  const dir = path.dirname(jsonPath);
  const shards: ArrayBuffer[] = [];
  for (const group of manifest) {
    const files = group.paths.map((shard) => path.join(dir, shard));
    for (const file of files) if (!fs.existsSync(file)) throw new MissingWeightFileError(jsonPath, file);
    const expected = manifestBytes(group.weights, jsonPath);
    const actual = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    if (expected !== actual) throw new WeightSizeError(jsonPath, files, expected, actual);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  return shards;
}

async function saveArtifacts(jsonPath: string, artifacts: tf.io.ModelArtifacts, options: ModelFilesOptions): Promise<tf.io.SaveResult> {
  const topology = artifacts.modelTopology;
  if (!topology || topology instanceof ArrayBuffer) throw new ModelFormatError(jsonPath, 'only models with a JSON topology can be saved');
  const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const plain = { specs: artifacts.weightSpecs ?? [], data };
  const weights = options.quantize ? quantizeWeights(plain.specs, plain.data, options.quantize, jsonPath) : plain;
  const json: tf.io.ModelJSON = {
    modelTopology: topology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${weightsFile}`], weights: weights.specs }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  writeFileAtomic(path.join(path.dirname(jsonPath), weightsFile), new Uint8Array(weights.data));
  writeFileAtomic(jsonPath, JSON.stringify(json) + '\n');
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightSpecs: weights.specs, weightData: weights.data }) };
}

/** Loads and saves a LayersModel at `location` (a directory, created on save, or its model.json). */
export function modelFiles(location: string, options: ModelFilesOptions = {}): tf.io.IOHandler {
  const jsonPath = modelJsonPath(location);
  return {
    load: async () => {
      const json = readModelJson(jsonPath);
      const shards = readShards(jsonPath, json.weightsManifest ?? []);
      const specs = (json.weightsManifest ?? []).flatMap((group) => group.weights);
      return tf.io.getModelArtifactsForJSON(json, async () => [specs, tf.io.CompositeArrayBuffer.join(shards)]);
    },
    save: (artifacts) => saveArtifacts(jsonPath, artifacts, options),
  };
}

/** Saves `model` with its float32 weights quantized (uint8 by default), as `tensorflowjs_converter --quantize_uint8`. */
export async function saveQuantized(model: tf.LayersModel, dir: string, dtype: QuantizedDtype = 'uint8'): Promise<void> {
  await model.save(modelFiles(dir, { quantize: dtype }));
}

/**
 * Saves the MLP as a tfjs LayersModel in `dir` (model.json + weights.bin, each written atomically), with
 * `metadata` in model.json so the model can be applied to raw rows again. Binds tfjs to the engine first.
 */
export async function saveMlp(engine: Engine, mlp: Mlp, dir: string, metadata: ModelMetadata = {}): Promise<void> {
  await bindTfjs(engine);
  const model = await mlpToLayersModel(mlp, metadata);
  try {
    await model.save(modelFiles(dir));
  } finally {
    model.dispose();
  }
}

/**
 * Loads a LayersModel of Dense layers from `modelPath` (a directory or its model.json) as an Mlp on this engine,
 * with the metadata it was saved with. Throws ModelFormatError (or its MissingWeightFileError, WeightSizeError) for
 * files that are missing, malformed or not an MLP.
 */
export async function loadMlp(engine: Engine, modelPath: string): Promise<{ mlp: Mlp; metadata: ModelMetadata }> {
  await bindTfjs(engine);
  const model = await tf.loadLayersModel(modelFiles(modelPath));
  try {
    return await mlpFromLayersModel(engine, model, modelPath);
  } finally {
    model.dispose();
  }
}

// Node only: tfjs LayersModel files on disk (model.json + weights.bin), since tfjs-node and its file:// handler
// are not used. Writes go through writeFileAtomic, weights first, so a model.json never names missing weights.
import { ModelFormatError } from '../gpu/errors.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs, tf } from '../gpu/tfjsBackend.js';
import { writeFileAtomic } from '../results/writeFiles.js';
import { mlpFromLayersModel, mlpToLayersModel, type ModelMetadata } from './layersModel.js';
import type { Mlp } from './mlp.js';

const weightsFile = 'weights.bin';

/** Saves into `dir` (created if needed) as model.json + weights.bin. */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new ModelFormatError(`${dir}: binary model topologies are not supported`);
      const weights = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      fs.mkdirSync(dir, { recursive: true });
      writeFileAtomic(path.join(dir, weightsFile), new Uint8Array(weights));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${weightsFile}`], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Loads model.json (a path to it, or its directory) and the weight files its manifest names. */
export function fileLoadHandler(modelPath: string): tf.io.IOHandler {
  const file = fs.existsSync(modelPath) && fs.statSync(modelPath).isDirectory() ? path.join(modelPath, 'model.json') : modelPath;
  return {
    load: async () => {
      if (!fs.existsSync(file)) throw new ModelFormatError(`${file}: no such model file`);
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          group.paths.map((p) => {
            const shard = path.join(path.dirname(file), p);
            if (!fs.existsSync(shard)) throw new ModelFormatError(`${file}: weight file ${shard} is missing`);
            const bytes = fs.readFileSync(shard);
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
          }),
        );
        const data = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
        if (data.byteLength !== expected) throw new ModelFormatError(`${file}: weight files hold ${data.byteLength} bytes, the manifest describes ${expected}`);
        return [specs, data];
      });
    },
  };
}

export async function saveMlp(engine: Engine, mlp: Mlp, dir: string, metadata: ModelMetadata = {}): Promise<void> {
  await bindTfjs(engine);
  const model = await mlpToLayersModel(mlp, metadata);
  try {
    await model.save(fileSaveHandler(dir));
  } finally {
    model.dispose();
  }
}

export async function loadMlp(engine: Engine, modelPath: string): Promise<{ mlp: Mlp; metadata: ModelMetadata }> {
  await bindTfjs(engine);
  const model = await tf.loadLayersModel(fileLoadHandler(modelPath));
  try {
    return await mlpFromLayersModel(engine, model, modelPath);
  } finally {
    model.dispose();
  }
}

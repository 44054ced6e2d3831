// Node only: a tfjs IOHandler over a directory holding model.json and its weight shards (tfjs-node is not used,
// so its file:// handler is not available). Loading checks every shard before tfjs sees the bytes.
import fs from 'node:fs';
import path from 'node:path';
import { tf } from '../gpu/tfjsBackend.js';
import { writeFileAtomic } from '../results/writeFiles.js';
import { MissingWeightFileError, ModelFormatError, WeightSizeError } from './errors.js';
import { manifestBytes } from './modelArtifacts.js';

const weightsFile = 'weights.bin';

/** `location` is a directory holding model.json, or the model.json file itself. */
function modelJsonPath(location: string): string {
  return location.endsWith('.json') ? location : path.join(location, 'model.json');
}

export function modelDirectory(location: string): tf.io.IOHandler {
  const jsonPath = modelJsonPath(location);
  const dir = path.dirname(jsonPath);
  return {
    load: async () => {
      if (!fs.existsSync(jsonPath)) throw new ModelFormatError(jsonPath, 'no such file (a LayersModel directory holds model.json and its weight files)');
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        throw new ModelFormatError(jsonPath, `not valid JSON: ${(error as Error).message}`);
      }
      const shards: ArrayBuffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        const sizes = group.paths.map((shard) => {
          const file = path.join(dir, shard);
          if (!fs.existsSync(file)) throw new MissingWeightFileError(jsonPath, file);
          return fs.statSync(file).size;
        });
        const expected = manifestBytes(group.weights, jsonPath);
        const actual = sizes.reduce((a, b) => a + b, 0);
        if (expected !== actual) throw new WeightSizeError(jsonPath, group.paths.map((shard) => path.join(dir, shard)), expected, actual);
        for (const shard of group.paths) {
          const bytes = fs.readFileSync(path.join(dir, shard));
          shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        }
      }
      const specs = (json.weightsManifest ?? []).flatMap((group) => group.weights);
      return tf.io.getModelArtifactsForJSON(json, async () => [specs, tf.io.concatenateArrayBuffers(shards)]);
    },
    save: async (artifacts) => {
      const topology = artifacts.modelTopology;
      if (!topology || topology instanceof ArrayBuffer) throw new ModelFormatError(jsonPath, 'only models with a JSON topology can be saved');
      const data = artifacts.weightData;
      const weights = data === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]);
      const json: tf.io.ModelJSON = {
        modelTopology: topology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, weightsFile), new Uint8Array(weights));
      writeFileAtomic(jsonPath, JSON.stringify(json) + '\n');
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

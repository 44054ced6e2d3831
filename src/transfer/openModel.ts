// Node only: a LayersModel from a directory (or its model.json) on disk, or from an http(s) URL.
import { tf } from '../gpu/tfjsBackend.js';
import { loadCheckedModel, readCheckedArtifacts } from './modelArtifacts.js';
import { modelFiles } from '../nn/modelFiles.js';

function handlerFor(location: string): tf.io.IOHandler {
  return tf.io.isHTTPScheme(location) ? tf.io.http(location) : modelFiles(location);
}

/**
 * A tfjs LayersModel from a directory (or its model.json) on disk, or from an http(s) URL, checked first: every layer
 * class known, weight bytes as the manifest says. Throws ModelFormatError (UnknownLayerError, MissingWeightFileError,
 * WeightSizeError) naming the cause.
 */
export function openModel(location: string): Promise<tf.LayersModel> {
  return loadCheckedModel(handlerFor(location), location);
}

/**
 * A model's artifacts (topology, weight specs and bytes) from a directory, model.json or http(s) URL, checked as
 * openModel checks them, without building the model: for transfer experiments, which build it per run.
 */
export function openModelArtifacts(location: string): Promise<tf.io.ModelArtifacts> {
  return readCheckedArtifacts(handlerFor(location), location);
}

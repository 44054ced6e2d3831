// Node only: a LayersModel from a directory (or its model.json) on disk, or from an http(s) URL.
import { tf } from '../gpu/tfjsBackend.js';
import { loadCheckedModel, readCheckedArtifacts } from './modelArtifacts.js';
import { modelFiles } from '../nn/modelFiles.js';

function handlerFor(location: string): tf.io.IOHandler {
  return tf.io.isHTTPScheme(location) ? tf.io.http(location) : modelFiles(location);
}

export function openModel(location: string): Promise<tf.LayersModel> {
  return loadCheckedModel(handlerFor(location), location);
}

export function openModelArtifacts(location: string): Promise<tf.io.ModelArtifacts> {
  return readCheckedArtifacts(handlerFor(location), location);
}

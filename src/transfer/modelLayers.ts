// A model's layers as the training runs them: a stacked model (base and head) lists its sub-models as layers.
import type { tf } from '../gpu/tfjsBackend.js';

/** Every layer of the model that is not itself a model, in order. */
export function leafLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((layer) => ('layers' in layer ? leafLayers(layer as tf.LayersModel) : [layer]));
}

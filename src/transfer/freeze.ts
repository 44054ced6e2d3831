// Freezing as Keras means it: a frozen layer's weights do not train, and a frozen BatchNormalization also runs in
// inference mode (moving statistics used, never updated). tfjs's BatchNormalization updates its moving statistics
// whenever it is called with training=true, trainable or not, so frozen ones are made to ignore that flag.
import { tf } from '../gpu/tfjsBackend.js';
import { TransferOptionError } from './errors.js';

type Layer = tf.layers.Layer;
type Call = Layer['call'];

const originalCalls = new WeakMap<Layer, Call>();

/** Layers that carry weights or state, in order: the ones freezing counts (input and reshaping layers have none). */
function weightedLayers(model: tf.LayersModel): Layer[] {
  return model.layers.filter((layer) => layer.weights.length > 0);
}

function freezeLayer(layer: Layer): void {
  layer.trainable = false;
  if (layer.getClassName() === 'BatchNormalization' && !originalCalls.has(layer)) {
    const call = layer.call.bind(layer) as Call;
    originalCalls.set(layer, call);
    layer.call = ((inputs, kwargs) => call(inputs, { ...kwargs, training: false })) as Call;
  }
}

function unfreezeLayer(layer: Layer): void {
  layer.trainable = true;
  const call = originalCalls.get(layer);
  if (call) {
    layer.call = call;
    originalCalls.delete(layer);
  }
}

/**
 * Freezes the first `count` weighted layers of the model, or all of them. Returns the frozen layers.
 * A model must be compiled after this for fit() to see the change.
 */
export function freezeLayers(model: tf.LayersModel, count: number | 'all'): Layer[] {
  const layers = weightedLayers(model);
  if (count !== 'all' && !(Number.isInteger(count) && count >= 0 && count <= layers.length)) {
    throw new TransferOptionError('--freeze', `${count}: the base has ${layers.length} layers with weights (${layers.map((l) => l.name).join(', ')})`);
  }
  const frozen = count === 'all' ? layers : layers.slice(0, count);
  frozen.forEach(freezeLayer);
  return frozen;
}

/** Unfreezes the last `count` frozen layers (the second phase of fine-tuning). Returns those still frozen. */
export function unfreezeTop(frozen: readonly Layer[], count: number): Layer[] {
  if (!(Number.isInteger(count) && count >= 0 && count <= frozen.length)) {
    throw new TransferOptionError('--fine-tune-layers', `cannot unfreeze ${count} layers: ${frozen.length} are frozen`);
  }
  frozen.slice(frozen.length - count).forEach(unfreezeLayer);
  return frozen.slice(0, frozen.length - count);
}

// The base of a transfer: the pretrained model up to (and including) the cut layer, sharing its weights.
import { tf } from '../gpu/tfjsBackend.js';
import { ModelFormatError } from '../nn/modelErrors.js';
import { TransferOptionError } from './errors.js';

/** A pretrained model cut at one layer: the base a transfer builds its new head on. */
export interface CutBase {
  /** Inputs of the pretrained model → output of the cut layer; its layers are the pretrained ones (shared). */
  base: tf.LayersModel;
  /** The cut layer's name. */
  cutLayer: string;
  /** Index of the cut layer in the pretrained model's `layers`. */
  cutIndex: number;
}

/**
 * The pretrained model from its inputs up to (and including) the layer `at`: a layer name or an index into
 * `model.layers` (negative counts from the end). Default: the layer that feeds the original classifier (the output
 * layer), as a Keras user cuts with include_top=False. Throws TransferOptionError for a layer that is not there,
 * ModelFormatError when the default cut is not defined.
 */
export function cutBase(model: tf.LayersModel, at?: string | number): CutBase {
  const layers = model.layers;
  let index: number;
  if (at === undefined) {
    const classifier = layers[layers.length - 1];
    const fed = classifier.inboundNodes[0]?.inboundLayers ?? [];
    if (fed.length !== 1) throw new ModelFormatError(model.name, `the output layer "${classifier.name}" has ${fed.length} inputs; name the cut layer explicitly`);
    index = layers.indexOf(fed[0]);
    // A Sequential model's first layer is fed by an InputLayer it does not list.
    if (index < 0) throw new ModelFormatError(model.name, `the output layer "${classifier.name}" is the first layer: there is no base to cut`);
  } else if (typeof at === 'number') {
    index = at < 0 ? layers.length + at : at;
    if (!(index >= 0 && index < layers.length)) throw new TransferOptionError('--cut', `index ${at} is outside the model's ${layers.length} layers`);
  } else {
    index = layers.findIndex((layer) => layer.name === at);
    if (index < 0) throw new TransferOptionError('--cut', `no layer named "${at}"; layers are ${layers.map((l) => l.name).join(', ')}`);
  }
  const layer = layers[index];
  const base = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor, name: `${model.name}_base` });
  return { base, cutLayer: layer.name, cutIndex: index };
}

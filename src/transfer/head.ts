// The new classifier put on a cut base: one dense softmax layer over the base's (flattened) features.
import { tf } from '../gpu/tfjsBackend.js';

/** A head for features of shape `featureShape` (without the batch axis), seeded so runs repeat. */
export function newHead(featureShape: readonly number[], classes: number, seed: number): tf.Sequential {
  const head = tf.sequential({ name: 'transfer_head' });
  if (featureShape.length > 1) head.add(tf.layers.flatten({ inputShape: [...featureShape], name: 'head_flatten' }));
  head.add(
    tf.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      name: 'head_dense',
      ...(featureShape.length > 1 ? {} : { inputShape: [...featureShape] }),
    }),
  );
  return head;
}

/** The feature shape a base produces, without the batch axis. */
export function featureShape(base: tf.LayersModel): number[] {
  return (base.outputs[0].shape as number[]).slice(1);
}

/** Base and head as one model (shared layers, no copies): what is saved or evaluated end to end. */
export function stackHead(base: tf.LayersModel, head: tf.LayersModel, name = 'transferred'): tf.LayersModel {
  const out = head.apply(base.outputs[0]) as tf.SymbolicTensor;
  return tf.model({ inputs: base.inputs, outputs: out, name });
}

// Class indices as the one-hot float rows tfjs's categorical cross-entropy takes.
import { tf } from '../gpu/tfjsBackend.js';

export function oneHot(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), classes).toFloat() as tf.Tensor2D);
}

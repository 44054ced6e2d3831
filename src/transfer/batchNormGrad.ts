// BatchNorm's input gradient without a full-size copy. tfjs 4.22's FusedBatchNorm gradient tiles the per-channel
// 1/√(variance + ε) out to the input's whole shape before multiplying it into dy; broadcasting the [channels] vector
// gives the same float32 products in the same order, so the gradient is bit-identical, without the copy. On the wasm
// backend that Tile was the largest cost of a scratch step: 1.35 s of 4.6 s for a MobileNetV2 step of 3 rows at
// 224×224 (52 BatchNorm layers; tf.profile). The registry is tfjs's, shared by all backends, which is safe only
// because the result does not change.
import { tf } from '../gpu/tfjsBackend.js';

let registered = false;

/** Replaces the input part of tfjs's FusedBatchNorm gradient (once) with its broadcasting equivalent. */
export function registerBroadcastBatchNormGrad(): void {
  if (registered) return;
  registered = true;
  const original = tf.getGradient('FusedBatchNorm');
  if (!original) return;
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const grads = original.gradFunc(dy, saved, attrs);
      // FusedBatchNorm has one output, so dy is one tensor.
      const dyOne = dy as tf.Tensor;
      const [x, mean, variance, scale] = saved;
      if (mean.rank !== 1) return grads;
      const epsilon = (attrs as unknown as tf.FusedBatchNormAttrs).varianceEpsilon;
      const dx = () => tf.mul(tf.mul(dyOne, tf.rsqrt(tf.add(variance, tf.scalar(epsilon)))), scale ?? tf.scalar(1)).reshape(x.shape);
      return { ...grads, x: dx };
    },
  });
}

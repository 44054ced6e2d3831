// The new head as a converged linear classifier: multinomial logistic regression (L-BFGS, float64, src/ensemble) on
// the cached base features. Training a head on fixed features is a small convex problem, so it is solved to
// convergence rather than run for a step budget; fine-tuning starts from this head.
import { tf } from '../gpu/tfjsBackend.js';
import type { Matrix } from '../ensemble/learner.js';
import { fitSoftmaxRegression, softmaxRegressionProba, type SoftmaxRegression } from '../ensemble/softmaxRegression.js';
import { accuracy, argmaxRows } from '../data/metrics.js';

/** `C`: inverse L2 strength, scikit-learn's (the loss is summed over rows, so weaker regularization as rows grow). */
export function fitLinearHead(x: Matrix, labels: Uint32Array, classes: number, C: number): SoftmaxRegression {
  return fitSoftmaxRegression(x, labels, classes, { C, maxIterations: 500 });
}

export function linearHeadAccuracy(head: SoftmaxRegression, x: Matrix, labels: ArrayLike<number>): number {
  return accuracy(argmaxRows(softmaxRegressionProba(head, x), head.classes), labels);
}

/** Puts the fitted weights into a tfjs head (newHead: its dense layer takes the flattened features in the same order). */
export function loadHeadWeights(head: tf.LayersModel, fitted: SoftmaxRegression): void {
  const { cols, classes, theta } = fitted;
  const dense = head.getLayer('head_dense');
  const weights = [tf.tensor2d(Float32Array.from(theta.subarray(0, cols * classes)), [cols, classes]), tf.tensor1d(Float32Array.from(theta.subarray(cols * classes)))];
  dense.setWeights(weights);
  tf.dispose(weights);
}

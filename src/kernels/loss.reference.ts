// Float64 reference for loss: softmax, mean softmax cross-entropy with its gradient, and the regression losses.
import type { RegressionLoss } from './loss.js';

/** Row-wise softmax of logits [batch, classes]. */
export function softmaxReference(logits: ArrayLike<number>, batch: number, classes: number): Float64Array {
  const probs = new Float64Array(batch * classes);
  for (let r = 0; r < batch; r++) {
    let peak = -Infinity;
    for (let c = 0; c < classes; c++) peak = Math.max(peak, logits[r * classes + c]);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[r * classes + c] - peak);
    for (let c = 0; c < classes; c++) probs[r * classes + c] = Math.exp(logits[r * classes + c] - peak) / total;
  }
  return probs;
}

/**
 * Per-row losses, their mean, and dLogits = (softmax − onehot) / batch. A label ≥ classes marks a row to ignore
 * (as the kernel does for padding): its loss and dLogits are 0 and `batch` counts only the labelled rows.
 */
export function softmaxCrossEntropyReference(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  batch: number,
  classes: number,
): { loss: number; rowLoss: Float64Array; dLogits: Float64Array } {
  const dLogits = softmaxReference(logits, batch, classes);
  const rowLoss = new Float64Array(batch);
  let labelled = 0;
  for (let r = 0; r < batch; r++) {
    if (labels[r] >= classes) {
      dLogits.fill(0, r * classes, (r + 1) * classes);
      continue;
    }
    labelled++;
    let peak = -Infinity;
    for (let c = 0; c < classes; c++) peak = Math.max(peak, logits[r * classes + c]);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[r * classes + c] - peak);
    rowLoss[r] = Math.log(total) - (logits[r * classes + labels[r]] - peak);
    dLogits[r * classes + labels[r]] -= 1;
  }
  const scale = labelled ? 1 / labelled : 0;
  for (let i = 0; i < dLogits.length; i++) dLogits[i] *= scale;
  return { loss: rowLoss.reduce((a, b) => a + b, 0) * scale, rowLoss, dLogits };
}

/**
 * Mean squared-error or Huber loss over the elements with a finite target, and dPredictions = ∂(mean)/∂predictions;
 * an element whose target is not finite is ignored (loss and gradient 0), as the kernel ignores padding.
 */
export function regressionLossReference(predictions: ArrayLike<number>, targets: ArrayLike<number>, kind: RegressionLoss): { loss: number; elementLoss: Float64Array; dPredictions: Float64Array } {
  const n = predictions.length;
  const elementLoss = new Float64Array(n);
  const slope = new Float64Array(n);
  let labelled = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(targets[i])) continue;
    labelled++;
    const r = predictions[i] - targets[i];
    if (kind.kind === 'squared-error') {
      elementLoss[i] = r * r;
      slope[i] = 2 * r;
    } else {
      const a = Math.abs(r);
      elementLoss[i] = a <= kind.delta ? 0.5 * r * r : kind.delta * (a - 0.5 * kind.delta);
      slope[i] = Math.max(-kind.delta, Math.min(kind.delta, r));
    }
  }
  const scale = labelled ? 1 / labelled : 0;
  return { loss: elementLoss.reduce((a, b) => a + b, 0) * scale, elementLoss, dPredictions: slope.map((d) => d * scale) };
}

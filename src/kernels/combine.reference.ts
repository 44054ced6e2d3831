// Float64 reference for combine: the weighted combination and the gradient of its mean negative log-likelihood.

/**
 * The combine kernel's sizes: P [models, rows, classes] of class probabilities, α [models, classes] when
 * `perClass`, else [models].
 */
export interface CombineShape {
  models: number;
  rows: number;
  classes: number;
  /** One weight per model and class (α [models, classes]) rather than one per model (α [models]). */
  perClass: boolean;
}

/** w[m, c] = softmax over models of α[·, c] (per-class) or of α (the same for every class). */
export function combineWeightsReference(alpha: ArrayLike<number>, shape: CombineShape): Float64Array {
  const { models, classes, perClass } = shape;
  const w = new Float64Array(models * classes);
  for (let c = 0; c < classes; c++) {
    const a = Array.from({ length: models }, (_, m) => alpha[perClass ? m * classes + c : m]);
    const peak = a.reduce((p, v) => Math.max(p, v), -Infinity);
    const total = a.reduce((s, v) => s + Math.exp(v - peak), 0);
    a.forEach((v, m) => (w[m * classes + c] = Math.exp(v - peak) / total));
  }
  return w;
}

/** out[n, c] = Σ_m w[m, c] · P[m, n, c]. */
export function combineReference(p: ArrayLike<number>, alpha: ArrayLike<number>, shape: CombineShape): Float64Array {
  const { models, rows, classes } = shape;
  const w = combineWeightsReference(alpha, shape);
  const out = new Float64Array(rows * classes);
  for (let m = 0; m < models; m++) {
    for (let i = 0; i < rows * classes; i++) out[i] += w[m * classes + (i % classes)] * p[m * rows * classes + i];
  }
  return out;
}

/** loss = −(1/N) Σ_n log out[n, y_n] and ∂loss/∂α, shaped as α. */
export function combineGradientReference(
  p: ArrayLike<number>,
  alpha: ArrayLike<number>,
  labels: ArrayLike<number>,
  shape: CombineShape,
): { loss: number; gradAlpha: Float64Array } {
  const { models, rows, classes, perClass } = shape;
  const w = combineWeightsReference(alpha, shape);
  const out = combineReference(p, alpha, shape);
  const gradAlpha = new Float64Array(perClass ? models * classes : models);
  let loss = 0;
  for (let n = 0; n < rows; n++) {
    const c = labels[n];
    const o = out[n * classes + c];
    loss -= Math.log(o) / rows;
    for (let k = 0; k < models; k++) {
      const slot = perClass ? k * classes + c : k;
      gradAlpha[slot] -= (w[k * classes + c] * (p[(k * rows + n) * classes + c] - o)) / o / rows;
    }
  }
  return { loss, gradAlpha };
}

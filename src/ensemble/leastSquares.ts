// Ridge least squares with an intercept, in float64 on the CPU: the normal equations of centred columns, solved by
// Cholesky. Used by the ridge regressor (on the features) and the linear meta-learner (on base predictions), where
// the columns are few (tens to hundreds), so the d × d system is cheap beside one pass over the rows.
import { BadInputError } from '../errors.js';

/** A fitted linear model: prediction = intercept + Σ weights[j] · column j. */
export interface LinearFit {
  readonly weights: Float64Array;
  readonly intercept: number;
}

/**
 * Minimises Σ (y − intercept − x·w)² + alpha·|w|² over rows of `x` [rows, cols] row-major (the intercept is not
 * penalised). alpha > 0 keeps the system positive definite even with constant or repeated columns.
 */
export function ridgeFit(x: ArrayLike<number>, rows: number, cols: number, y: ArrayLike<number>, alpha: number): LinearFit {
  if (!(alpha > 0)) throw new BadInputError(`ridge: alpha must be positive, got ${alpha}`);
  const mean = new Float64Array(cols);
  let yMean = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) mean[c] += x[r * cols + c];
    yMean += y[r];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  yMean /= rows;
  const gram = new Float64Array(cols * cols);
  const rhs = new Float64Array(cols);
  const centred = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) centred[c] = x[r * cols + c] - mean[c];
    const target = y[r] - yMean;
    for (let i = 0; i < cols; i++) {
      const xi = centred[i];
      rhs[i] += xi * target;
      for (let j = 0; j <= i; j++) gram[i * cols + j] += xi * centred[j];
    }
  }
  for (let i = 0; i < cols; i++) {
    gram[i * cols + i] += alpha;
    for (let j = 0; j < i; j++) gram[j * cols + i] = gram[i * cols + j];
  }
  const weights = choleskySolve(gram, rhs, cols);
  let intercept = yMean;
  for (let c = 0; c < cols; c++) intercept -= mean[c] * weights[c];
  return { weights, intercept };
}

/** Solves A w = b for a symmetric positive definite A [n, n] (overwritten by its factor). */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] ** 2;
    if (!(d > 0)) throw new BadInputError(`least squares: the system is not positive definite at column ${j} (pivot ${d})`);
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  const w = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) w[i] -= a[i * n + k] * w[k];
    w[i] /= a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) w[i] -= a[k * n + i] * w[k];
    w[i] /= a[i * n + i];
  }
  return w;
}

/** intercept + x·w for each row of `x` [rows, cols]. */
export function linearPredict(fit: LinearFit, x: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = fit.intercept;
    for (let c = 0; c < cols; c++) sum += x[r * cols + c] * fit.weights[c];
    out[r] = sum;
  }
  return out;
}

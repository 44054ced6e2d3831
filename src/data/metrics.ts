// Scores of predictions: classification from predicted class indices, regression from predicted values; the one place
// every model, command and test computes them.

/** Index of the largest value in each row of a [rows × cols] row-major array (the first one on ties). */
export function argmaxRows(values: ArrayLike<number>, cols: number): Uint32Array {
  const rows = values.length / cols;
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c] > values[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Fraction of rows whose predicted class is the label. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** counts[actual][predicted] */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]][predicted[i]]++;
  return counts;
}

/** Regression scores of one set of predictions; plain data, for JSON and HTML reports. */
export interface RegressionReport {
  /** Root mean squared error. */
  readonly rmse: number;
  /** Mean absolute error. */
  readonly mae: number;
  /** Coefficient of determination: 1 − SSE / Σ(y − ȳ)²; 1 is perfect, 0 is predicting the mean, and it can be negative. */
  readonly r2: number;
  readonly rows: number;
}

/**
 * RMSE, MAE and R² of `predicted` against `targets` (accumulated in float64). R² of constant targets is 1 when
 * every prediction is exact and 0 otherwise, as scikit-learn reports it.
 */
export function regressionReport(targets: ArrayLike<number>, predicted: ArrayLike<number>): RegressionReport {
  const rows = targets.length;
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += targets[i];
  mean /= Math.max(1, rows);
  let squared = 0;
  let absolute = 0;
  let spread = 0;
  for (let i = 0; i < rows; i++) {
    const error = predicted[i] - targets[i];
    squared += error * error;
    absolute += Math.abs(error);
    spread += (targets[i] - mean) ** 2;
  }
  // 0, not NaN, for no rows: the report is JSON.
  const n = Math.max(1, rows);
  return { rmse: Math.sqrt(squared / n), mae: absolute / n, r2: spread > 0 ? 1 - squared / spread : squared === 0 ? 1 : 0, rows };
}

/** The report for a terminal, one line. */
export function regressionLine(report: RegressionReport): string {
  return `RMSE ${report.rmse.toPrecision(5)}, MAE ${report.mae.toPrecision(5)}, R² ${report.r2.toFixed(4)} (${report.rows} rows)`;
}

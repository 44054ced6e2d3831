// Scores that stay honest under class imbalance: the confusion matrix, per-class precision, recall and F1, balanced
// accuracy and macro-F1, and the majority share that plain accuracy must beat to mean anything.
import { accuracy, confusionMatrix } from './metrics.js';

/** One class's scores on a set of rows. */
export interface ClassScores {
  readonly name: string;
  /** Of the rows predicted as this class, the share that are (0 when none are predicted). */
  readonly precision: number;
  /** Of this class's rows, the share predicted as it (0 when it has none). */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Rows of this class. */
  readonly support: number;
}

/** Every classification score of one set of predictions; plain data, for JSON and HTML reports. */
export interface ClassificationReport {
  readonly accuracy: number;
  /** Mean recall over the classes that have rows. */
  readonly balancedAccuracy: number;
  /** Mean F1 over the classes that have rows. */
  readonly macroF1: number;
  /** The share of the largest class: what always predicting it would score. */
  readonly majorityShare: number;
  readonly perClass: readonly ClassScores[];
  /** counts[actual][predicted] */
  readonly confusion: readonly (readonly number[])[];
}

/** The report of `predicted` against `labels`, classes named by `classNames`. */
export function classificationReport(labels: ArrayLike<number>, predicted: ArrayLike<number>, classNames: readonly string[]): ClassificationReport {
  const confusion = confusionMatrix(labels, predicted, classNames.length);
  const perClass = classNames.map((name, c) => {
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c], 0);
    const right = confusion[c][c];
    const precision = predictedAs > 0 ? right / predictedAs : 0;
    const recall = support > 0 ? right / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { name, precision, recall, f1, support };
  });
  const present = perClass.filter((s) => s.support > 0);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    // 0, not NaN, for no rows: the report is JSON.
    accuracy: labels.length > 0 ? accuracy(predicted, labels) : 0,
    balancedAccuracy: mean(present.map((s) => s.recall)),
    macroF1: mean(present.map((s) => s.f1)),
    majorityShare: perClass.reduce((top, s) => Math.max(top, s.support), 0) / Math.max(1, labels.length),
    perClass,
    confusion,
  };
}

/** A warning when accuracy is within a point of what always predicting the largest class scores; null otherwise. */
export function majorityWarning(report: ClassificationReport): string | null {
  if (Math.abs(report.accuracy - report.majorityShare) >= 0.01) return null;
  return `warning: accuracy ${report.accuracy.toFixed(4)} is within a point of the majority share ${report.majorityShare.toFixed(4)} (always predicting the largest class); read balanced accuracy ${report.balancedAccuracy.toFixed(4)} and per-class recall instead`;
}

/** The report for a terminal: balanced accuracy and macro-F1, then one line per class (precision, recall, F1, rows). */
export function reportLines(report: ClassificationReport): string[] {
  const width = report.perClass.reduce((w, s) => Math.max(w, s.name.length), 5);
  return [
    `balanced accuracy ${report.balancedAccuracy.toFixed(4)}, macro-F1 ${report.macroF1.toFixed(4)}, majority share ${report.majorityShare.toFixed(4)}`,
    `  ${'class'.padEnd(width)}  precision  recall  F1      rows`,
    ...report.perClass.map((s) => `  ${s.name.padEnd(width)}  ${s.precision.toFixed(4)}     ${s.recall.toFixed(4)}  ${s.f1.toFixed(4)}  ${s.support}`),
  ];
}

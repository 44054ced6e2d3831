// The sweep as HTML: a heatmap table (hidden size × learning rate / weight decay) of cross-validated accuracy
// mean ± sd, coloured from the worst cell (white) to the best (blue); the best cell's held-out test accuracy.
import type { SweepCell } from '../nn/sweep.js';
import { escapeHtml, htmlPage } from './htmlPage.js';
import { plusMinus } from './repeatsReport.js';

/** What sweepPage shows: a SweepResult's cells and best cell, with the data and the folds they came from. */
export interface SweepPageInput {
  data: string;
  seeds: number;
  folds: number;
  cells: SweepCell[];
  best: SweepCell & { testAccuracy: number };
}

/**
 * A whole HTML page for a sweep: a heatmap table (hidden size × learning rate / weight decay) of cross-validated
 * accuracy mean ± sd, and the best cell's held-out test accuracy.
 */
export function sweepPage(sweep: SweepPageInput, adapter: string): string {
  const columns = [...new Map(sweep.cells.map((c) => [`${c.learningRate}|${c.weightDecay}`, c])).values()];
  const hidden = [...new Set(sweep.cells.map((c) => c.hidden))];
  const means = sweep.cells.map((c) => c.accuracy.mean);
  const [low, high] = [Math.min(...means), Math.max(...means)];
  const shade = (x: number) => {
    const t = high > low ? (x - low) / (high - low) : 1;
    return `rgb(${Math.round(255 - 177 * t)}, ${Math.round(255 - 134 * t)}, ${Math.round(255 - 88 * t)})`;
  };
  const rows = hidden.map((h) => {
    const cells = columns.map((col) => {
      const cell = sweep.cells.find((c) => c.hidden === h && c.learningRate === col.learningRate && c.weightDecay === col.weightDecay)!;
      const isBest = cell === sweep.best || (cell.hidden === sweep.best.hidden && cell.learningRate === sweep.best.learningRate && cell.weightDecay === sweep.best.weightDecay);
      return `<td style="background:${shade(cell.accuracy.mean)}">${isBest ? '<strong>' : ''}${plusMinus(cell.accuracy)}${isBest ? '</strong>' : ''}</td>`;
    });
    return `<tr><th>${h}</th>${cells.join('')}</tr>`;
  });
  const head = `<tr><th>hidden \\ lr, weight decay</th>${columns.map((c) => `<th>${c.learningRate}, ${c.weightDecay}</th>`).join('')}</tr>`;
  const b = sweep.best;
  return htmlPage(
    'stacklab sweep',
    `<h1>Sweep: ${escapeHtml(sweep.data)}</h1>
<p>${escapeHtml(adapter)}</p>
<p>Cross-validated accuracy, mean ± sd over ${sweep.seeds} seeds × ${sweep.folds} folds per cell.</p>
<table>${head}
${rows.join('\n')}</table>
<p>Best: hidden ${b.hidden}, lr ${b.learningRate}, weight decay ${b.weightDecay} (${plusMinus(b.accuracy)} cross-validated); refitted on the whole training part, held-out test accuracy <strong>${b.testAccuracy.toFixed(4)}</strong>.</p>`,
  );
}

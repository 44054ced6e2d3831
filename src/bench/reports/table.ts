// The terminal table printed after a run.
import Table from 'cli-table3';
import type { BenchComparison, CaseResult } from '../results.js';
import { columns, resultRows } from './rows.js';

/** The table printed after a run: one row per case and implementation (wall and GPU medians, throughput, agreement, speedup). */
export function terminalTable(results: readonly CaseResult[], comparisons: readonly BenchComparison[]): string {
  const table = new Table({ head: columns, style: { head: [], border: [] } });
  for (const row of resultRows(results, comparisons)) table.push(row);
  return table.toString();
}

// The terminal table printed after a run.
import Table from 'cli-table3';
import type { BenchComparison, CaseResult } from '../results.js';
import { kernelTables } from './kernels.js';
import { columns, resultRows } from './rows.js';

/** The table printed after a run: one row per case and implementation (wall and GPU medians, throughput, agreement, speedup). */
export function terminalTable(results: readonly CaseResult[], comparisons: readonly BenchComparison[]): string {
  const table = new Table({ head: columns, style: { head: [], border: [] } });
  for (const row of resultRows(results, comparisons)) table.push(row);
  return table.toString();
}

/** `bench model`'s time per tfjs kernel, one terminal table per case with its notes below. */
export function terminalKernelTables(results: readonly CaseResult[]): string[] {
  return kernelTables(results).map((k) => {
    const table = new Table({ head: k.head, style: { head: [], border: [] } });
    for (const row of k.rows) table.push(row);
    return [k.title, table.toString(), ...k.notes].join('\n');
  });
}

// `--md`: the same rows as the terminal table, as a Markdown table under a line naming the adapter.
import type { ResultEnv } from '../../results/env.js';
import type { BenchComparison, CaseResult } from '../results.js';
import type { KernelCheck } from '../userKernel/check.js';
import { checkColumns, checkNote, checkRows } from './checks.js';
import { kernelTables } from './kernels.js';
import { columnNotes, columns, resultRows } from './rows.js';

/**
 * The adapter of a result's env in one phrase (vendor / architecture / description), flagged when it is a
 * fallback adapter; the report headings use it.
 */
export function adapterName(env: ResultEnv): string {
  const a = env.adapter;
  return `${[a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' / ')}${a.isFallbackAdapter ? ' (fallback adapter: CPU emulation)' : ''}`;
}

/**
 * The `--md` report: the terminal table's rows as a Markdown table, under a line naming the adapter, host, date
 * and commit; then `bench model`'s time per tfjs kernel, one table per case; then the user kernels' checks, one row
 * per kernel and check shape.
 */
export function markdownReport(env: ResultEnv, results: readonly CaseResult[], comparisons: readonly BenchComparison[], checks: readonly KernelCheck[] = []): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)];
  const checkSection = checks.length ? ['', '## Kernel checks', '', ...table(checkColumns, checkRows(checks)), '', checkNote] : [];
  const lines = [
    `Adapter: ${adapterName(env)}; host ${env.host}; ${env.date}${env.gitCommit ? `; commit ${env.gitCommit}` : ''}`,
    '',
    ...table(columns, resultRows(results, comparisons)),
    '',
    `Times are per iteration. ${columnNotes}`,
    ...kernelTables(results).flatMap((k) => ['', `## ${k.title}`, '', ...table(k.head, k.rows), '', ...k.notes.map((note) => `- ${note}`)]),
    ...checkSection,
  ];
  return lines.join('\n') + '\n';
}

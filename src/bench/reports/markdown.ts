// `--md`: the same rows as the terminal table, as a Markdown table under a line naming the adapter.
import type { ResultEnv } from '../../results/env.js';
import type { BenchComparison, CaseResult } from '../results.js';
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
 * and commit.
 */
export function markdownReport(env: ResultEnv, results: readonly CaseResult[], comparisons: readonly BenchComparison[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = [
    `Adapter: ${adapterName(env)}; host ${env.host}; ${env.date}${env.gitCommit ? `; commit ${env.gitCommit}` : ''}`,
    '',
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...resultRows(results, comparisons).map((row) => `| ${row.map(escape).join(' | ')} |`),
    '',
    `Times are per iteration. ${columnNotes}`,
  ];
  return lines.join('\n') + '\n';
}

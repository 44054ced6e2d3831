// `--md`: the same rows as the terminal table, as a Markdown table under a line naming the adapter.
import type { ResultEnv } from '../../results/env.js';
import type { BenchComparison, CaseResult } from '../results.js';
import type { KernelCheck } from '../userKernel/check.js';
import { checkColumns, checkNote, checkRows } from './checks.js';
import type { AdapterPeak } from '../peak.js';
import { describePeak, rooflineColumns, rooflineNote, rooflineRows } from './roofline.js';
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
 */
export function markdownReport(env: ResultEnv, results: readonly CaseResult[], comparisons: readonly BenchComparison[], checks: readonly KernelCheck[] = [], peak?: AdapterPeak): string {
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
    ...rooflineSection(table, results, peak),
  ];
  return lines.join('\n') + '\n';
}

function rooflineSection(table: (head: string[], rows: string[][]) => string[], results: readonly CaseResult[], peak: AdapterPeak | undefined): string[] {
  const rows = rooflineRows(results, peak);
  if (!rows.length) return [];
  return ['', '## Roofline', '', ...(peak ? [describePeak(peak), ''] : []), ...table(rooflineColumns, rows), '', rooflineNote];
}

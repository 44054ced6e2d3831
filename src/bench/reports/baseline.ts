// `--baseline F`: compares this run with a saved one, case by case, and names every case that got slower by
// more than the two runs' noise. Runs from different adapters are not compared at all.
import { BadInputError, FileFormatError } from '../../errors.js';
import type { ResultEnv } from '../../results/env.js';
import type { CaseResult } from '../results.js';
import type { Summary } from '../stats.js';

/** A bench result file as `--json` wrote it: the env block and the rows (other fields are ignored here). */
export interface SavedRun {
  /** Only its adapter is read: runs from different adapters are not compared. */
  env: ResultEnv;
  results: CaseResult[];
}

/** One case that got slower beyond noise. */
export interface Regression {
  /** `suite case impl`. */
  key: string;
  baselineMs: number;
  currentMs: number;
  /** current / baseline wall median. */
  ratio: number;
}

/** The outcome of compareWithBaseline. */
export interface BaselineComparison {
  regressions: Regression[];
  /** Cases found in both runs. */
  compared: number;
  /** Cases in this run the baseline does not have. */
  unmatched: string[];
}

/** The rule compareWithBaseline applies, in words (for reports). */
export const regressionRule =
  'slower beyond noise: current median − baseline median > 3 standard errors of that difference, SE = 1.2533·1.4826·√(MAD_b²/n_b + MAD_c²/n_c)';

/** Three standard errors of a difference of medians, σ estimated as 1.4826·MAD (normal-consistent). */
function noiseThreshold(baseline: Summary, current: Summary): number {
  return 3 * 1.2533 * 1.4826 * Math.sqrt(baseline.mad ** 2 / baseline.n + current.mad ** 2 / current.n);
}

/** The baseline ran on another adapter: its timings say nothing about this one. */
export class AdapterMismatchError extends BadInputError {
  constructor(baseline: ResultEnv['adapter'], current: ResultEnv['adapter']) {
    super(`refusing to compare runs from different adapters: baseline ran on ${JSON.stringify(baseline)}, this run on ${JSON.stringify(current)}`);
  }
}

function sameAdapter(a: ResultEnv['adapter'], b: ResultEnv['adapter']): boolean {
  return a.vendor === b.vendor && a.architecture === b.architecture && a.device === b.device && a.description === b.description;
}

const resultKey = (r: Pick<CaseResult, 'suite' | 'case' | 'impl'>): string => `${r.suite} ${r.case} ${r.impl}`;

/**
 * Compares this run with a saved one case by case (wall medians), naming every case slower by more than
 * regressionRule allows. FileFormatError when `baseline` is not a bench result, AdapterMismatchError when it ran on
 * another adapter.
 */
export function compareWithBaseline(baseline: SavedRun, current: SavedRun): BaselineComparison {
  if (!baseline.env?.adapter || !Array.isArray(baseline.results)) throw new FileFormatError('the baseline is not a bench result file (no env.adapter or results)');
  if (!sameAdapter(baseline.env.adapter, current.env.adapter)) throw new AdapterMismatchError(baseline.env.adapter, current.env.adapter);
  const saved = new Map(baseline.results.map((r) => [resultKey(r), r]));
  const regressions: Regression[] = [];
  const unmatched: string[] = [];
  let compared = 0;
  for (const now of current.results) {
    const before = saved.get(resultKey(now));
    if (!before) {
      unmatched.push(resultKey(now));
      continue;
    }
    compared++;
    const b = before.wallMs;
    const c = now.wallMs;
    if (c.median - b.median > noiseThreshold(b, c)) {
      regressions.push({ key: resultKey(now), baselineMs: b.median, currentMs: c.median, ratio: c.median / b.median });
    }
  }
  return { regressions, compared, unmatched };
}

/** One line per regression: the case, both medians and the ratio; empty when there is none. */
export function describeRegressions(comparison: BaselineComparison): string {
  return comparison.regressions.map((r) => `${r.key}: ${r.currentMs.toPrecision(4)} ms vs ${r.baselineMs.toPrecision(4)} ms (${r.ratio.toFixed(2)}×)`).join('\n');
}

// Stacked generalization for regression, as scikit-learn's StackingRegressor does it: every base regressor is fitted
// on k shuffled folds and predicts the rows it never saw; the meta-learner (regressionMeta.ts) is fitted on those
// out-of-fold predictions; the base regressors are refitted on every row for prediction. A RegressionStack is
// itself a Regressor.
import { foldRows, shuffledKFold } from '../data/kfold.js';
import type { Engine } from '../gpu/engine.js';
import { BadInputError } from '../errors.js';
import { LearnerFitError, NotFittedError } from './errors.js';
import { takeRows, type Matrix } from './learner.js';
import { combinePredictions, fitRegressionMeta, type RegressionCombination } from './regressionMeta.js';
import { takeTargets, type Regressor, type RegressorFactory } from './regressor.js';
import { learnerSeed, type BaseFitMs, type LearnerSeed } from './stack.js';

/** A base regressor of a stack: its name and a factory called once per fold and once for the refit. */
export interface BaseRegressorSpec {
  name: string;
  make: RegressorFactory;
}

/** How a RegressionStack is built: base regressors, meta-learner, folds and seed. */
export interface RegressionStackOptions {
  /** At least two base regressors (baseRegressors makes them from names). */
  base: readonly BaseRegressorSpec[];
  /** A RegressionMetaKind. */
  meta: string;
  /** k of the shuffled k-fold that makes the out-of-fold predictions; an integer ≥ 2. */
  folds: number;
  /** Seeds the folds and every regressor instance. */
  seed: number;
  /** Progress lines (one per fold fitted); default: none. */
  log?: (line: string) => void;
}

/** What a RegressionStack's fit did; read it from `stack.fitted`. */
export interface RegressionStackFit {
  /** Fold index per training row. */
  foldOfRow: Uint32Array;
  /** Out-of-fold predictions [models, rows], rows in training order. */
  oof: Float32Array;
  seeds: { folds: number; learners: LearnerSeed[] };
  fitMs: BaseFitMs[];
  metaFitMs: number;
}

export class RegressionStack implements Regressor {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  private bases: Regressor[] = [];
  private combination: RegressionCombination | null = null;
  private fitRecord: RegressionStackFit | null = null;

  /** BadInputError for fewer than two base regressors or a bad fold count. */
  constructor(private readonly options: RegressionStackOptions) {
    if (options.base.length < 2) throw new BadInputError(`stacking needs at least two base regressors to weigh against each other, got ${options.base.length}`);
    if (!Number.isInteger(options.folds) || options.folds < 2) throw new BadInputError(`stacking needs an integer number of folds ≥ 2, got ${options.folds}`);
    this.name = `stack(${options.base.map((b) => b.name).join(',')} → ${options.meta})`;
    this.params = { base: options.base.map((b) => b.name), meta: options.meta, folds: options.folds, seed: options.seed };
  }

  /** Fits the folds, the meta-learner and the refit on `x` [rows, cols] and targets `y`; replaces any earlier fit. */
  async fit(engine: Engine, x: Matrix, y: Float32Array): Promise<void> {
    const { base, folds: k, seed } = this.options;
    const log = this.options.log ?? (() => {});
    this.dispose();
    const foldOfRow = shuffledKFold(x.rows, k, seed);
    const folds = Array.from({ length: k }, (_, f) => foldRows(foldOfRow, f));
    const oof = new Float32Array(base.length * x.rows);
    const record: RegressionStackFit = { foldOfRow, oof, seeds: { folds: seed, learners: [] }, fitMs: [], metaFitMs: 0 };
    const bases: Regressor[] = [];
    try {
      for (const [m, spec] of base.entries()) {
        const foldMs: number[] = [];
        for (const [f, fold] of folds.entries()) {
          const started = performance.now();
          const foldSeed = learnerSeed(seed, m, f);
          record.seeds.learners.push({ model: spec.name, fold: f, seed: foldSeed });
          const learner = spec.make(foldSeed);
          try {
            await fitOrExplain(engine, learner, takeRows(x, fold.train), takeTargets(y, fold.train), spec.name, `fold ${f + 1} of ${k}`);
            const predicted = await learner.predict(engine, takeRows(x, fold.test));
            fold.test.forEach((row, i) => (oof[m * x.rows + row] = predicted[i]));
          } finally {
            learner.dispose();
          }
          foldMs.push(performance.now() - started);
          log(`${spec.name}: fold ${f + 1}/${k} fitted in ${(foldMs[f] / 1000).toFixed(1)} s`);
        }
        const refitSeed = learnerSeed(seed, m, k);
        record.seeds.learners.push({ model: spec.name, fold: 'all', seed: refitSeed });
        const started = performance.now();
        const refit = spec.make(refitSeed);
        bases.push(refit);
        await fitOrExplain(engine, refit, x, y, spec.name, `refit on all ${x.rows} rows`);
        const refitMs = performance.now() - started;
        log(`${spec.name}: refitted on all rows in ${(refitMs / 1000).toFixed(1)} s`);
        record.fitMs.push({ model: spec.name, folds: foldMs, refit: refitMs, together: 0 });
      }
      const started = performance.now();
      this.combination = fitRegressionMeta(this.options.meta, oof, base.length, y);
      record.metaFitMs = performance.now() - started;
    } catch (error) {
      bases.forEach((b) => b.dispose());
      throw error;
    }
    this.bases = bases;
    this.fitRecord = record;
  }

  /** Every refitted base regressor's predictions for `x`, as [models, x.rows]. */
  async basePredictions(engine: Engine, x: Matrix): Promise<Float32Array> {
    if (!this.bases.length) throw new NotFittedError(this.name, 'predict');
    const out = new Float32Array(this.bases.length * x.rows);
    for (const [m, learner] of this.bases.entries()) out.set(await learner.predict(engine, x), m * x.rows);
    return out;
  }

  /** The meta-learner's combination of base predictions p [models, rows] made by basePredictions. */
  combine(p: Float32Array, rows: number): Float32Array {
    return combinePredictions(this.meta, p, rows);
  }

  async predict(engine: Engine, x: Matrix): Promise<Float32Array> {
    return this.combine(await this.basePredictions(engine, x), x.rows);
  }

  /** The refitted base regressors' parameters, in base order. */
  get baseParams(): Readonly<Record<string, unknown>>[] {
    return this.bases.map((b) => b.params);
  }

  /** The fitted meta-learner's combination; NotFittedError before fit. */
  get meta(): RegressionCombination {
    if (!this.combination) throw new NotFittedError(this.name, 'meta');
    return this.combination;
  }

  /** What the fit did (folds, out-of-fold predictions, seeds, times); NotFittedError before fit. */
  get fitted(): RegressionStackFit {
    if (!this.fitRecord) throw new NotFittedError(this.name, 'fitted');
    return this.fitRecord;
  }

  dispose(): void {
    this.bases.forEach((b) => b.dispose());
    this.bases = [];
    this.combination = null;
    this.fitRecord = null;
  }
}

async function fitOrExplain(engine: Engine, learner: Regressor, x: Matrix, y: Float32Array, name: string, where: string): Promise<void> {
  try {
    await learner.fit(engine, x, y);
  } catch (error) {
    throw new LearnerFitError(name, where, error);
  }
}

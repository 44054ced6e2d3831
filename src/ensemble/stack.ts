// Stacked generalization (Wolpert 1992): every base learner is fitted k times on the same stratified folds; the
// predictions each fold's model makes for the rows it never saw are copied, on the GPU, into one out-of-fold
// array P [models, rows, classes] that the meta-learner fits on without a read-back. The base learners are then
// refitted on all rows for prediction. A stack is itself a Learner, so stacks nest.
import { classCounts } from '../data/dataset.js';
import { stratifiedKFold } from '../data/kfold.js';
import type { Engine } from '../gpu/engine.js';
import { BadInputError } from '../errors.js';
import { createArray, destroyArray, type GpuArray } from '../gpu/gpuArray.js';
import { Recorder } from '../gpu/recorder.js';
import { LearnerFitError, NotFittedError } from './errors.js';
import { foldLayout, type FoldLayout } from './foldLayout.js';
import { takeLabels, takeRows, type FoldFit, type FoldModels, type Learner, type LearnerFactory, type Matrix } from './learner.js';
import type { MetaKind, MetaLearner } from './metaLearner.js';

/** A base learner of a stack: its name and a factory called once per fold and once for the refit. */
export interface BaseLearnerSpec {
  name: string;
  make: LearnerFactory;
}

/** How a Stack is built; checkStackOptions says what must hold. */
export interface StackOptions {
  /** At least two base learners (baseLearners makes them from names). */
  base: readonly BaseLearnerSpec[];
  /** The meta-learner (metaLearner makes one from a name). */
  meta: { kind: MetaKind; /** A fresh, unfitted meta-learner: the stack makes one per fit. */ make: () => MetaLearner };
  /**
   * k of the stratified k-fold that makes the out-of-fold predictions; an integer ≥ 2, and at most the rows of the
   * smallest class.
   */
  folds: number;
  /** Seeds the folds and every learner instance. */
  seed: number;
  /** The original features go to the meta-learner beside the base probabilities. */
  passthrough?: boolean;
  /** For messages: class names by index. */
  classNames?: readonly string[];
  /** Progress lines (one per fold fitted); default: none. */
  log?: (line: string) => void;
}

/** The seed one learner instance was fitted with. */
export interface LearnerSeed {
  model: string;
  /** A fold index, or "all" for the refit on every row. */
  fold: number | 'all';
  seed: number;
}

/** How long one base model took to fit, in milliseconds. */
export interface BaseFitMs {
  model: string;
  folds: number[];
  refit: number;
  together: number;
}

/** All the time a base model's fits took. */
export function totalFitMs(fit: Pick<BaseFitMs, 'folds' | 'refit' | 'together'>): number {
  return fit.folds.reduce((a, b) => a + b, 0) + fit.refit + fit.together;
}

/** What a Stack's fit did: the folds, every seed, and the time each part took; read it from `stack.fitted`. */
export interface StackFit {
  /** The folds: which rows each fold model fitted on and held out, and the order of P's rows. */
  layout: FoldLayout;
  /** Seeds of the folds and of every learner instance fitted. */
  seeds: { folds: number; learners: LearnerSeed[] };
  /**
   * Per base model, milliseconds: each fold's fit and the refit, or `together` when all of them were one fit
   * (fitFolds: one MlpBatch), whose time cannot be split.
   */
  fitMs: BaseFitMs[];
  /** Milliseconds the meta-learner took to fit. */
  metaFitMs: number;
}

/** Distinct, reproducible seeds per (model, fold); fold k is the refit on all rows. */
export function learnerSeed(seed: number, model: number, fold: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) + Math.imul(model + 1, 0x85ebca6b) + Math.imul(fold + 1, 0xc2b2ae35)) >>> 0;
}

/** Checks what can be checked before any data is seen. */
export function checkStackOptions(options: Pick<StackOptions, 'base' | 'meta' | 'folds' | 'passthrough'>): void {
  if (options.base.length < 2) {
    throw new BadInputError(`stacking needs at least two base learners to weigh against each other, got ${options.base.length}${options.base.length ? ` (${options.base[0].name})` : ''}`);
  }
  if (!Number.isInteger(options.folds) || options.folds < 2) throw new BadInputError(`stacking needs an integer number of folds ≥ 2, got ${options.folds}`);
  if (options.passthrough && !options.meta.make().acceptsFeatures) {
    throw new BadInputError(`passthrough gives the meta-learner the original features, which the ${options.meta.kind} meta-learner cannot use (only logreg can)`);
  }
}

/**
 * Stacked generalization: each base learner is fitted on k stratified folds, its predictions for the held-out rows
 * gathered on the GPU into P [models, rows, classes], the meta-learner fitted on P, and the base learners refitted on
 * every row. A Stack is itself a Learner, so stacks nest. Throws BadInputError for options checkStackOptions rejects,
 * or a class with fewer rows than folds; LearnerFitError names the base learner and fold that failed.
 */
export class Stack implements Learner {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  private bases: Learner[] = [];
  private metaLearner: MetaLearner | null = null;
  private outOfFold: GpuArray | null = null;
  private fitRecord: StackFit | null = null;

  constructor(private readonly options: StackOptions) {
    checkStackOptions(options);
    this.name = `stack(${options.base.map((b) => b.name).join(',')} → ${options.meta.kind})`;
    this.params = { base: options.base.map((b) => b.name), meta: options.meta.kind, folds: options.folds, seed: options.seed, passthrough: !!options.passthrough };
  }

  /**
   * Fits the folds, the meta-learner and the refit on `x` [rows, cols], labels `y` in 0..classes-1; replaces any
   * earlier fit.
   */
  async fit(engine: Engine, x: Matrix, y: Uint32Array, classes: number): Promise<void> {
    const { base, folds: k, seed } = this.options;
    const meta = this.options.meta.make();
    const counts = classCounts(y, classes);
    const smallest = counts.reduce((best, n, c) => (n > 0 && n < counts[best] ? c : best), counts.findIndex((n) => n > 0));
    if (counts[smallest] < k) {
      const name = this.options.classNames?.[smallest] ?? String(smallest);
      throw new BadInputError(`${k} folds need at least ${k} rows of every class, but class "${name}" has ${counts[smallest]} in the training rows; use --folds ${Math.max(2, counts[smallest])} or fewer`);
    }
    this.dispose();
    const layout = foldLayout(stratifiedKFold(y, k, seed, this.options.classNames), k);
    const oof = createArray(engine, 'stack out-of-fold P', [base.length, x.rows, classes]);
    const record: StackFit = { layout, seeds: { folds: seed, learners: [] }, fitMs: [], metaFitMs: 0 };
    const bases: Learner[] = [];
    try {
      for (const [m, spec] of base.entries()) {
        const folds = layout.folds.map((fold, f) => ({ rows: fold.fit, seed: learnerSeed(seed, m, f) }));
        folds.forEach((fold, f) => record.seeds.learners.push({ model: spec.name, fold: f, seed: fold.seed }));
        const refitSeed = learnerSeed(seed, m, k);
        record.seeds.learners.push({ model: spec.name, fold: 'all', seed: refitSeed });
        const learner = spec.make(refitSeed);
        bases.push(learner);
        const target: OofTarget = { oof, layout, classes, model: m, name: spec.name };
        record.fitMs.push(learner.fitFolds ? await this.fitTogether(engine, learner, x, y, folds, target) : await this.fitInTurn(engine, spec, learner, x, y, folds, target));
      }
      const started = performance.now();
      await meta.fit(engine, oof, takeLabels(y, layout.order), this.options.passthrough ? takeRows(x, layout.order) : undefined);
      record.metaFitMs = performance.now() - started;
    } catch (error) {
      bases.forEach((b) => b.dispose());
      meta.dispose();
      destroyArray(oof);
      throw error;
    }
    this.bases = bases;
    this.metaLearner = meta;
    this.outOfFold = oof;
    this.fitRecord = record;
  }

  /** Fold models and refit in one fitFolds call (one MlpBatch for the mlp learner); the out-of-fold slices as fitInTurn makes them. */
  private async fitTogether(engine: Engine, learner: Learner, x: Matrix, y: Uint32Array, folds: readonly FoldFit[], target: OofTarget): Promise<BaseFitMs> {
    const log = this.options.log ?? (() => {});
    const started = performance.now();
    let models: FoldModels;
    try {
      models = await learner.fitFolds!(engine, x, y, target.classes, folds);
    } catch (error) {
      throw new LearnerFitError(target.name, `${folds.length} folds and the refit, fitted together`, error);
    }
    try {
      for (const f of folds.keys()) await copyOutOfFold(engine, await models.predictProba(engine, f, takeRows(x, target.layout.folds[f].heldOut)), target, f);
    } finally {
      models.dispose();
    }
    const ms = performance.now() - started;
    log(`${target.name}: ${folds.length} folds and the refit fitted together in ${(ms / 1000).toFixed(1)} s`);
    return { model: target.name, folds: [], refit: 0, together: ms };
  }

  /** One fresh learner per fold, then `refit` on all rows. */
  private async fitInTurn(engine: Engine, spec: BaseLearnerSpec, refit: Learner, x: Matrix, y: Uint32Array, folds: readonly FoldFit[], target: OofTarget): Promise<BaseFitMs> {
    const log = this.options.log ?? (() => {});
    const k = folds.length;
    const foldMs: number[] = [];
    for (const [f, fold] of folds.entries()) {
      const started = performance.now();
      const learner = spec.make(fold.seed);
      try {
        await fitOrExplain(engine, learner, takeRows(x, fold.rows), takeLabels(y, fold.rows), target.classes, spec.name, `fold ${f + 1} of ${k}`);
        await copyOutOfFold(engine, await learner.predictProba(engine, takeRows(x, target.layout.folds[f].heldOut)), target, f);
      } finally {
        learner.dispose();
      }
      foldMs.push(performance.now() - started);
      log(`${spec.name}: fold ${f + 1}/${k} fitted in ${(foldMs[f] / 1000).toFixed(1)} s`);
    }
    const started = performance.now();
    await fitOrExplain(engine, refit, x, y, target.classes, spec.name, `refit on all ${x.rows} rows`);
    const refitMs = performance.now() - started;
    log(`${spec.name}: refitted on all rows in ${(refitMs / 1000).toFixed(1)} s`);
    return { model: spec.name, folds: foldMs, refit: refitMs, together: 0 };
  }

  /** Every base model's probabilities for `x`, as P [models, x.rows, classes] (the caller owns it). */
  async basePredictions(engine: Engine, x: Matrix): Promise<GpuArray> {
    if (!this.bases.length) throw new NotFittedError(this.name, 'predictProba');
    const parts: GpuArray[] = [];
    try {
      for (const learner of this.bases) parts.push(await learner.predictProba(engine, x));
      const classes = parts[0].shape[1];
      const out = createArray(engine, 'stack base predictions P', [parts.length, x.rows, classes]);
      const recorder = new Recorder(engine, 'stack base predictions');
      parts.forEach((p, m) => recorder.copy(p.buffer, out.buffer, x.rows * classes * 4, 0, m * x.rows * classes * 4));
      await recorder.submit();
      return out;
    } finally {
      parts.forEach(destroyArray);
    }
  }

  /** The meta-learner's probabilities for base predictions P made by basePredictions(x). */
  combine(engine: Engine, p: GpuArray, x: Matrix): Promise<GpuArray> {
    return this.meta.predictProba(engine, p, this.options.passthrough ? x : undefined);
  }

  /** The stack's class probabilities [x.rows, classes], a new GPU array the caller owns; NotFittedError before fit. */
  async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
    const p = await this.basePredictions(engine, x);
    try {
      return await this.combine(engine, p, x);
    } finally {
      destroyArray(p);
    }
  }

  /** The refitted base learners' parameters, in base order. */
  get baseParams(): Readonly<Record<string, unknown>>[] {
    return this.bases.map((b) => b.params);
  }

  /** The fitted meta-learner; NotFittedError before fit. */
  get meta(): MetaLearner {
    if (!this.metaLearner) throw new NotFittedError(this.name, 'meta');
    return this.metaLearner;
  }

  /** P [models, rows, classes] of out-of-fold predictions, rows in layout.order (kept for reports and tests). */
  get oof(): GpuArray {
    if (!this.outOfFold) throw new NotFittedError(this.name, 'oof');
    return this.outOfFold;
  }

  /** What the fit did (folds, seeds, times); NotFittedError before fit. */
  get fitted(): StackFit {
    if (!this.fitRecord) throw new NotFittedError(this.name, 'fitted');
    return this.fitRecord;
  }

  /** Frees every base learner, the meta-learner and P; the stack can be fitted again. */
  dispose(): void {
    this.bases.forEach((b) => b.dispose());
    this.bases = [];
    this.metaLearner?.dispose();
    this.metaLearner = null;
    if (this.outOfFold) destroyArray(this.outOfFold);
    this.outOfFold = null;
    this.fitRecord = null;
  }
}

/** Where one base model's out-of-fold predictions go: its slice of P [models, rows, classes]. */
interface OofTarget {
  oof: GpuArray;
  layout: FoldLayout;
  classes: number;
  model: number;
  name: string;
}

/** Copies fold f's held-out predictions `p` into their contiguous slice of P, and destroys `p`. */
async function copyOutOfFold(engine: Engine, p: GpuArray, target: OofTarget, f: number): Promise<void> {
  try {
    const { layout, classes } = target;
    const rows = layout.foldOfRow.length;
    await new Recorder(engine, `stack out-of-fold ${target.name} fold ${f + 1}`)
      .copy(p.buffer, target.oof.buffer, layout.folds[f].heldOut.length * classes * 4, 0, (target.model * rows + layout.start[f]) * classes * 4)
      .submit();
  } finally {
    destroyArray(p);
  }
}

async function fitOrExplain(engine: Engine, learner: Learner, x: Matrix, y: Uint32Array, classes: number, name: string, where: string): Promise<void> {
  try {
    await learner.fit(engine, x, y, classes);
  } catch (error) {
    throw new LearnerFitError(name, where, error);
  }
}

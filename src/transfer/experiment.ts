// The transfer experiment: for each labelled-sample budget and seed, one draw of labelled rows from the training
// pool, and every chosen method learns from that same draw and is scored on the same test rows. The frozen base's
// features are computed once, up front, for every row any draw uses and for the test rows.
import { meanSd } from '../data/summary.js';
import type { tf } from '../gpu/tfjsBackend.js';
import { FeatureCache } from './featureCache.js';
import { FineTuneMethod } from './methods/finetune.js';
import { FrozenMethod } from './methods/frozen.js';
import type { Draw, MethodName, MethodOutcome, TransferMethod } from './methods/method.js';
import { mib, type MicroBatchChoice } from './microBatch.js';
import { PixelsMethod } from './methods/pixels.js';
import { ScratchMethod } from './methods/scratch.js';
import { samplesPerClass, type SampleCount } from './samples.js';
import { TransferSetup, type SetupOptions } from './setup.js';
import type { TransferData } from './transferData.js';

/**
 * A transfer experiment (exported as TransferExperimentOptions): the methods, the labelled-sample budgets and the
 * seeds, beside the setup (cut layer, input options, batch size, training settings, progress sink).
 */
export interface ExperimentOptions extends SetupOptions {
  /** Methods to run on every draw. */
  methods: readonly MethodName[];
  /** Labelled rows per class: one draw per budget and seed. */
  samplesPerClass: readonly SampleCount[];
  /** Seeds of the draws (and of each method's training). */
  seeds: readonly number[];
  /** One line per finished run (for a log; bars go to `progress`). */
  log?: (line: string) => void;
}

/** One method on one draw: its outcome, the draw, and how long it took. */
export interface TransferRun extends MethodOutcome {
  /** The draw: its budget and seed. */
  samplesPerClass: SampleCount;
  seed: number;
  method: MethodName;
  /** Labelled rows in the draw. */
  trainRows: number;
  /** No weight of the frozen layers changed (`changedWeights` is empty). */
  frozenUnchanged: boolean;
  /** Milliseconds the method took on this draw. */
  ms: number;
}

/** Mean and sample standard deviation of one method at one budget, over seeds. */
export interface MethodSummary {
  samplesPerClass: SampleCount;
  method: MethodName;
  /** Runs (seeds) summarized. */
  seeds: number;
  /** Mean test accuracy over the seeds. */
  accuracy: number;
  /** Sample standard deviation of the test accuracy (0 for one seed). */
  sd: number;
  /** Every run left its frozen layers unchanged. */
  frozenUnchanged: boolean;
}

/**
 * A transfer experiment's result (exported as TransferExperimentResult): every run, the summary per method and
 * budget, and what the base produced.
 */
export interface ExperimentResult {
  /** The cut layer when the base was run (frozen, finetune), else null. */
  cutLayer: string | null;
  /** Features per row at the cut layer when the base was run, else null. */
  featureCount: number | null;
  /** The target class names. */
  classes: string[];
  /** Rows of the training pool draws were made from. */
  trainPoolRows: number;
  /** Test rows every run was scored on. */
  testRows: number;
  /** The one feature extraction: how many training rows, and how long it took. */
  featureExtraction: { trainRows: number; testRows: number; ms: number } | null;
  runs: TransferRun[];
  summary: MethodSummary[];
  /** Milliseconds for the whole experiment. */
  wallMs: number;
}

/** Mean and sample standard deviation of each method at each budget, over seeds. */
export function summarize(runs: readonly TransferRun[]): MethodSummary[] {
  const groups = new Map<string, TransferRun[]>();
  for (const run of runs) {
    const key = `${run.samplesPerClass}\u0000${run.method}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const { mean, sd } = meanSd(group.map((r) => r.accuracy));
    const { samplesPerClass, method } = group[0];
    return { samplesPerClass, method, seeds: group.length, accuracy: mean, sd, frozenUnchanged: group.every((r) => r.frozenUnchanged) };
  });
}

/** How a network training split its mini-batches, for the run's log line. */
function microBatchNote(choice: MicroBatchChoice | null): string {
  if (!choice) return '';
  const budget = choice.budgetBytes === null ? 'no budget' : `budget ${mib(choice.budgetBytes)}`;
  return `; micro-batch ${choice.microBatch} × ${choice.passes} per step of ${choice.batchSize}, ~${mib(choice.bytesPerExample)}/example, ${budget}, limited by ${choice.limitedBy}`;
}

function drawAll(data: TransferData, options: ExperimentOptions): Draw[] {
  const pool = Uint32Array.from({ length: data.train.rows }, (_, i) => i);
  return options.samplesPerClass.flatMap((count) =>
    options.seeds.map((seed) => ({ samplesPerClass: count, seed, rows: samplesPerClass(pool, data.train.labels, data.train.classNames, count, seed) })),
  );
}

/** Every training row some draw uses, ascending: the only ones whose features are needed. */
function rowsUsed(draws: readonly Draw[]): Uint32Array {
  const used = new Set<number>();
  for (const draw of draws) draw.rows.forEach((row) => used.add(row));
  return Uint32Array.from([...used].sort((a, b) => a - b));
}

function makeMethods(setup: TransferSetup, names: readonly MethodName[], features: FeatureCache | null): TransferMethod[] {
  return names.map((name) => {
    if (name === 'scratch') return new ScratchMethod(setup);
    if (name === 'pixels') return new PixelsMethod(setup);
    return name === 'frozen' ? new FrozenMethod(setup, features!) : new FineTuneMethod(setup, features!);
  });
}

/**
 * Runs a transfer experiment from a pretrained model's artifacts: for each sample budget and seed, one draw of
 * labelled rows from the training pool; every method learns from that same draw and is scored on the same test
 * rows. The base's features are computed once, for every row any draw uses. Throws TransferOptionError for a budget
 * or cut the data or model cannot meet, ModelFormatError for a model it cannot cut.
 */
export async function runTransferExperiment(artifacts: tf.io.ModelArtifacts, data: TransferData, options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const setup = new TransferSetup(artifacts, data, options);
  const draws = drawAll(data, options);
  const needsBase = options.methods.includes('frozen') || options.methods.includes('finetune');
  const used = rowsUsed(draws);
  const features = needsBase ? await FeatureCache.build(setup, used) : null;
  try {
    const methods = makeMethods(setup, options.methods, features);
    const runs: TransferRun[] = [];
    for (const draw of draws) {
      for (const method of methods) {
        const begun = performance.now();
        const outcome = await method.run(draw);
        const run: TransferRun = {
          samplesPerClass: draw.samplesPerClass,
          seed: draw.seed,
          method: method.name,
          trainRows: draw.rows.length,
          ...outcome,
          frozenUnchanged: outcome.changedWeights.length === 0,
          ms: performance.now() - begun,
        };
        runs.push(run);
        options.log?.(`${run.samplesPerClass}/class, seed ${run.seed}, ${run.method}: ${(run.accuracy * 100).toFixed(1)}% (${(run.ms / 1000).toFixed(1)} s${microBatchNote(run.microBatch)})`);
      }
    }
    return {
      cutLayer: features?.cutLayer ?? null,
      featureCount: features?.featureCount ?? null,
      classes: [...data.train.classNames],
      trainPoolRows: data.train.rows,
      testRows: data.test.rows,
      featureExtraction: features ? { trainRows: used.length, testRows: data.test.rows, ms: features.ms } : null,
      runs,
      summary: summarize(runs),
      wallMs: performance.now() - started,
    };
  } finally {
    features?.dispose();
  }
}

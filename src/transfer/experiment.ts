// The transfer experiment: for each labelled-sample budget and seed, one draw of labelled rows from the training
// pool, and every chosen method learns from that same draw and is scored on the same test rows. The frozen base's
// features are computed once, up front, for every row any draw uses and for the test rows.
import { meanSd } from '../data/summary.js';
import type { tf } from '../gpu/tfjsBackend.js';
import { FeatureCache } from './featureCache.js';
import { FineTuneMethod } from './methods/finetune.js';
import { FrozenMethod } from './methods/frozen.js';
import type { Draw, MethodName, MethodOutcome, TransferMethod } from './methods/method.js';
import { PixelsMethod } from './methods/pixels.js';
import { ScratchMethod } from './methods/scratch.js';
import { samplesPerClass, type SampleCount } from './samples.js';
import { TransferSetup, type SetupOptions } from './setup.js';
import type { TransferData } from './transferData.js';

export interface ExperimentOptions extends SetupOptions {
  methods: readonly MethodName[];
  samplesPerClass: readonly SampleCount[];
  seeds: readonly number[];
  /** One line per finished run (for a log; bars go to `progress`). */
  log?: (line: string) => void;
}

export interface TransferRun extends MethodOutcome {
  samplesPerClass: SampleCount;
  seed: number;
  method: MethodName;
  trainRows: number;
  frozenUnchanged: boolean;
  ms: number;
}

/** Mean and sample standard deviation of one method at one budget, over seeds. */
export interface MethodSummary {
  samplesPerClass: SampleCount;
  method: MethodName;
  seeds: number;
  accuracy: number;
  sd: number;
  frozenUnchanged: boolean;
}

export interface ExperimentResult {
  /** The cut layer when the base was run (frozen, finetune), else null. */
  cutLayer: string | null;
  featureCount: number | null;
  classes: string[];
  trainPoolRows: number;
  testRows: number;
  /** The one feature extraction: how many training rows, and how long it took. */
  featureExtraction: { trainRows: number; testRows: number; ms: number } | null;
  runs: TransferRun[];
  summary: MethodSummary[];
  wallMs: number;
}

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
        options.log?.(`${run.samplesPerClass}/class, seed ${run.seed}, ${run.method}: ${(run.accuracy * 100).toFixed(1)}% (${(run.ms / 1000).toFixed(1)} s)`);
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

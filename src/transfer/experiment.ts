// The transfer experiment: for each labelled-sample budget and seed, the pretrained base with a new head against the
// same network trained from scratch, both scored on the same held-out rows (a stratified split with seed 0, never
// trained on). Dense-only bases run on the custom kernels, anything else on tfjs (see customRunner, tfjsRunner).
import { meanSd } from '../data/summary.js';
import { tf } from '../gpu/tfjsBackend.js';
import type { Engine } from '../gpu/engine.js';
import type { Dataset } from '../data/dataset.js';
import { stratifiedSplit } from '../data/split.js';
import type { CachingTiming } from './cachingTiming.js';
import { customRunner } from './customRunner.js';
import { cutBase } from './cut.js';
import { denseBaseProblem } from './denseBase.js';
import { modelFromArtifacts } from './modelArtifacts.js';
import type { InputOptions } from './modelInput.js';
import type { Runner, TrainSettings } from './runner.js';
import { samplesPerClass, type SampleCount } from './samples.js';
import { tfjsRunner } from './tfjsRunner.js';

export type TransferImpl = 'auto' | 'custom' | 'tfjs';

export interface ExperimentOptions extends TrainSettings {
  freeze: number | 'all';
  /** Cut layer name or index; default before the original classifier. */
  cut?: string | number;
  samplesPerClass: SampleCount[];
  seeds: number[];
  /** Share of each class held out for evaluation. */
  testSize: number;
  input: InputOptions;
  /** auto: custom kernels when the base is dense-only, else tfjs. */
  impl: TransferImpl;
  /** Epochs of the cached-vs-uncached head timing (frozen base only); 0 skips it. */
  cachingEpochs: number;
  progress?: (line: string) => void;
}

export interface SeedResult {
  seed: number;
  scratchAccuracy: number;
  transferAccuracy: number;
  frozenUnchanged: boolean;
}

export interface SizeResult {
  samplesPerClass: SampleCount;
  trainRows: number;
  /** Means over seeds; the *Sd fields are sample standard deviations. */
  scratchAccuracy: number;
  scratchSd: number;
  transferAccuracy: number;
  transferSd: number;
  frozenLayers: number;
  frozenLayerNames: string[];
  frozenUnchanged: boolean;
  /** Variables of frozen layers whose bytes changed in any seed (empty when frozenUnchanged). */
  changedWeights: string[];
  seeds: SeedResult[];
}

export interface ExperimentResult {
  impl: 'custom' | 'tfjs';
  cutLayer: string;
  classes: string[];
  testRows: number;
  poolRows: number;
  featuresCached: boolean;
  runs: SizeResult[];
  featureCaching: CachingTiming | null;
  wallMs: number;
}

async function chooseImpl(artifacts: tf.io.ModelArtifacts, options: ExperimentOptions): Promise<'custom' | 'tfjs'> {
  if (options.impl !== 'auto') return options.impl;
  const probe = await modelFromArtifacts(artifacts);
  const problem = denseBaseProblem(cutBase(probe, options.cut).base);
  probe.dispose();
  return problem ? 'tfjs' : 'custom';
}

export async function runTransferExperiment(engine: Engine, artifacts: tf.io.ModelArtifacts, dataset: Dataset, options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const split = stratifiedSplit(dataset.labels, options.testSize, 0);
  const runnerOptions = { freeze: options.freeze, cut: options.cut, input: options.input, settings: options };
  const impl = await chooseImpl(artifacts, options);
  const runner: Runner =
    impl === 'custom' ? await customRunner(engine, artifacts, dataset, split.test, runnerOptions) : await tfjsRunner(artifacts, dataset, split.test, runnerOptions);
  try {
    const runs: SizeResult[] = [];
    for (const count of options.samplesPerClass) {
      const seeds: SeedResult[] = [];
      let frozenNames: string[] = [];
      const changed = new Set<string>();
      let trainRows = 0;
      for (const seed of options.seeds) {
        const rows = samplesPerClass(split.train, dataset.labels, dataset.classNames, count, seed);
        trainRows = rows.length;
        const transfer = await runner.transfer(rows, seed);
        const scratch = await runner.scratch(rows, seed);
        frozenNames = transfer.frozenNames;
        transfer.changed.forEach((name) => changed.add(name));
        seeds.push({ seed, scratchAccuracy: scratch, transferAccuracy: transfer.accuracy, frozenUnchanged: transfer.changed.length === 0 });
        options.progress?.(`${count}/class, seed ${seed}: scratch ${(scratch * 100).toFixed(1)}%, transfer ${(transfer.accuracy * 100).toFixed(1)}%`);
      }
      const scratchStats = meanSd(seeds.map((s) => s.scratchAccuracy));
      const transferStats = meanSd(seeds.map((s) => s.transferAccuracy));
      runs.push({
        samplesPerClass: count,
        trainRows,
        scratchAccuracy: scratchStats.mean,
        scratchSd: scratchStats.sd,
        transferAccuracy: transferStats.mean,
        transferSd: transferStats.sd,
        frozenLayers: frozenNames.length,
        frozenLayerNames: frozenNames,
        frozenUnchanged: changed.size === 0,
        changedWeights: [...changed],
        seeds,
      });
    }
    const featureCaching = options.cachingEpochs > 0 ? await runner.cachingTiming(split.train, options.cachingEpochs) : null;
    return {
      impl,
      cutLayer: runner.cutLayer,
      classes: [...dataset.classNames],
      testRows: split.test.length,
      poolRows: split.train.length,
      featuresCached: runner.featuresCached,
      runs,
      featureCaching,
      wallMs: performance.now() - started,
    };
  } finally {
    runner.dispose();
  }
}

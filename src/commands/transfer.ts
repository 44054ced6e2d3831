// `stacklab transfer`: a pretrained tfjs LayersModel, cut and frozen, with a new head, against the same network
// from scratch, at several labelled-sample budgets and seeds. `--pretrain` makes the shipped digits 0–4 models.
import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { loadCsvDataset } from '../data/loadCsv.js';
import { adapterLine } from '../gpu/adapterFacts.js';
import { closeEngine, type Engine } from '../gpu/engine.js';
import { bindTfjs } from '../gpu/tfjsBackend.js';
import { hostAdapterSource, openHostEngine } from '../host/nodeEngine.js';
import { resultEnv, type ResultEnv } from '../results/env.js';
import { gitCommit } from '../results/gitCommit.js';
import { writeFileAtomic, writeJson } from '../results/writeFiles.js';
import { runTransferExperiment, type ExperimentResult, type TransferImpl } from '../transfer/experiment.js';
import { stacklabMetadata } from '../transfer/metadata.js';
import { parseImageSize } from '../transfer/modelInput.js';
import { openModelArtifacts } from '../transfer/openModel.js';
import { pretrainDefaults, pretrainDigits, type SourceArch } from '../transfer/pretrain.js';
import { fashionPretrainDefaults, pretrainFashion } from '../transfer/pretrainFashion.js';
import { transferHtml } from '../transfer/report.js';
import { parseSampleCounts, type SampleCount } from '../transfer/samples.js';
import { commaList, fraction, nonNegativeInt, positiveInt, positiveNumber } from './options.js';

export interface TransferCommandOptions {
  from?: string;
  data?: string;
  label?: string;
  freeze: number | 'all';
  cut?: string | number;
  samplesPerClass: SampleCount[];
  seeds: number[];
  epochs: number;
  lr: number;
  batchSize: number;
  testSize: number;
  image?: string;
  inputDivisor?: number;
  fineTune?: number;
  fineTuneEpochs: number;
  fineTuneLr: number;
  cachingEpochs: number;
  impl: TransferImpl;
  /** true: both source models. */
  pretrain?: boolean | SourceArch | 'fashion';
  json?: string;
  html?: string;
  quiet?: boolean;
}

export const transferDefaults = {
  freeze: 'all' as const,
  samplesPerClass: [5, 10, 20, 50] as SampleCount[],
  seeds: [1, 2, 3, 4, 5],
  epochs: 100,
  lr: 0.01,
  batchSize: 32,
  testSize: 0.3,
  fineTuneEpochs: 30,
  fineTuneLr: 0.0005,
  cachingEpochs: 10,
};

export function registerTransfer(program: Command): void {
  program
    .command('transfer')
    .description('transfer a pretrained tfjs LayersModel to new classes (frozen base, new head) and compare with training from scratch')
    .option('--from <dir|model.json|url>', 'the pretrained LayersModel (model.json + weight files)')
    .option('--data <name|file>', 'a bundled dataset or a CSV path with the new classes')
    .option('--label <column>', 'label column (default: "label", else the last column)')
    .option('--freeze <n|all>', 'freeze the first N weighted layers of the base, or all of it', freezeCount, transferDefaults.freeze)
    .option('--cut <layer>', 'last layer of the base: a name or an index into the model\'s layers (default: before the classifier)', layerRef)
    .option('--samples-per-class <list>', 'labelled samples per class, e.g. 5,10,20,50,all', parseSampleCounts, transferDefaults.samplesPerClass)
    .option('--seeds <n|list>', 'how many seeds (1..n), or a comma list of seeds', seedList, transferDefaults.seeds)
    .option('--epochs <n>', 'head (and scratch) training epochs', positiveInt('--epochs'), transferDefaults.epochs)
    .option('--lr <rate>', 'Adam learning rate', positiveNumber('--lr'), transferDefaults.lr)
    .option('--batch-size <n>', 'mini-batch size', positiveInt('--batch-size'), transferDefaults.batchSize)
    .option('--test-size <fraction>', 'held-out fraction of each class, never trained on', fraction('--test-size'), transferDefaults.testSize)
    .option('--image <HxWxC>', 'each CSV row is an image of this size; resized (and grey→RGB) to the model input (default: from the model\'s metadata)')
    .option('--input-divisor <x>', 'divide inputs by this (default: from the model\'s metadata, else 1)', positiveNumber('--input-divisor'))
    .option('--fine-tune <k>', 'second phase: unfreeze the top K frozen layers and train on with a low learning rate', positiveInt('--fine-tune'))
    .option('--fine-tune-epochs <n>', 'epochs of the second phase', positiveInt('--fine-tune-epochs'), transferDefaults.fineTuneEpochs)
    .option('--fine-tune-lr <rate>', 'learning rate of the second phase', positiveNumber('--fine-tune-lr'), transferDefaults.fineTuneLr)
    .option('--caching-epochs <n>', 'epochs of the cached-vs-uncached head timing (0: skip)', nonNegativeInt('--caching-epochs'), transferDefaults.cachingEpochs)
    .addOption(new Option('--impl <impl>', 'custom kernels (dense-only bases), tfjs (any LayersModel), or auto').choices(['auto', 'custom', 'tfjs']).default('auto'))
    .option(
      '--pretrain [cnn|mlp|fashion]',
      `train the shipped source models: cnn and mlp (both when none is named) on digits 0–4 into ${pretrainDefaults.cnn.out}/ and ${pretrainDefaults.mlp.out}/, writing ${pretrainDefaults.cnn.heldOutCsv}; ` +
        `fashion on Fashion-MNIST classes 0–4 into ${fashionPretrainDefaults.out}/`,
      sourceArch,
    )
    .option('--json <file>', 'write the result (with env) as JSON')
    .option('--html <file>', 'write a report with the learning curve (scratch vs transfer accuracy per samples/class)')
    .action(async (options: TransferCommandOptions) => {
      await transferCommand(options);
    });
}

export interface TransferJson {
  env: ResultEnv;
  from: string;
  data: { source: string; rows: number; classes: string[]; testRows: number; poolRows: number };
  impl: ExperimentResult['impl'];
  cutLayer: string;
  featuresCached: boolean;
  settings: Omit<TransferCommandOptions, 'json' | 'html' | 'quiet' | 'pretrain' | 'from' | 'data'>;
  runs: ExperimentResult['runs'];
  featureCaching: ExperimentResult['featureCaching'];
  timings: { totalMs: number };
}

export async function transferCommand(options: TransferCommandOptions, engine?: Engine): Promise<TransferJson | null> {
  const own = !engine;
  const gpu = engine ?? (await openHostEngine());
  try {
    await bindTfjs(gpu);
    if (options.pretrain === 'fashion') {
      const made = await pretrainFashion(gpu, fashionPretrainDefaults, (line) => console.error(line));
      console.log(
        `pretrained on Fashion-MNIST classes 0–4 (${made.trainRows} images, ${made.backend} backend, ${(made.trainMs / 60_000).toFixed(1)} min): ` +
          `test accuracy ${(made.testAccuracy * 100).toFixed(1)}% on ${made.testRows} official test images; saved ${made.modelDir}`,
      );
      return null;
    }
    if (options.pretrain) {
      const archs: SourceArch[] = options.pretrain === true ? ['cnn', 'mlp'] : [options.pretrain];
      for (const arch of archs) {
        const made = await pretrainDigits(pretrainDefaults[arch]);
        console.log(`pretrained the ${arch} on digits 0–4: test accuracy ${(made.testAccuracy * 100).toFixed(1)}% (${made.testRows} held-out rows); saved ${made.modelDir}`);
        console.log(`wrote ${made.targetCsv} (${made.targetRows} rows of digits 5–9)`);
      }
      return null;
    }
    if (!options.from || !options.data) throw new Error('transfer needs --from and --data (or --pretrain)');
    const artifacts = await openModelArtifacts(options.from);
    const metadata = stacklabMetadata(artifacts);
    const image = options.image ?? metadata.inputImage;
    const dataset = loadCsvDataset(options.data, { label: options.label });
    const log = options.quiet ? undefined : (line: string) => console.log(line);
    if (!options.quiet) console.log(adapterLine(gpu.facts));
    const result = await runTransferExperiment(gpu, artifacts, dataset, {
      freeze: options.freeze,
      cut: options.cut,
      samplesPerClass: options.samplesPerClass,
      seeds: options.seeds,
      epochs: options.epochs,
      learningRate: options.lr,
      batchSize: options.batchSize,
      testSize: options.testSize,
      input: {
        image: image ? parseImageSize(image) : undefined,
        scale: options.inputDivisor ?? metadata.inputDivisor ?? 1,
      },
      fineTune: options.fineTune ? { layers: options.fineTune, epochs: options.fineTuneEpochs, learningRate: options.fineTuneLr } : undefined,
      impl: options.impl,
      cachingEpochs: options.cachingEpochs,
      progress: log,
    });
    const { json: _json, html: _html, quiet: _quiet, pretrain: _pretrain, from, data, ...settings } = options;
    const out: TransferJson = {
      env: resultEnv(gpu, hostAdapterSource(), { gitCommit: gitCommit() }),
      from: from!,
      data: { source: dataset.source, rows: dataset.rows, classes: result.classes, testRows: result.testRows, poolRows: result.poolRows },
      impl: result.impl,
      cutLayer: result.cutLayer,
      featuresCached: result.featuresCached,
      settings,
      runs: result.runs,
      featureCaching: result.featureCaching,
      timings: { totalMs: result.wallMs },
    };
    if (!options.quiet) printResult(out);
    if (options.json) writeJson(options.json, out);
    if (options.html) writeFileAtomic(options.html, transferHtml(out));
    if (out.runs.some((run) => !run.frozenUnchanged)) {
      console.error('stacklab transfer: frozen weights changed during training: ' + out.runs.flatMap((r) => r.changedWeights).join(', '));
      process.exitCode = 1;
    }
    return out;
  } finally {
    if (own) closeEngine(gpu);
  }
}

const percent = (mean: number, sd: number) => `${(mean * 100).toFixed(1)} ± ${(sd * 100).toFixed(1)}`;

function printResult(out: TransferJson): void {
  const table = new Table({ head: ['samples/class', 'scratch %', 'transfer %', 'Δ points', 'frozen layers', 'frozenUnchanged'] });
  for (const run of out.runs) {
    table.push([
      String(run.samplesPerClass),
      percent(run.scratchAccuracy, run.scratchSd),
      percent(run.transferAccuracy, run.transferSd),
      ((run.transferAccuracy - run.scratchAccuracy) * 100).toFixed(1),
      String(run.frozenLayers),
      String(run.frozenUnchanged),
    ]);
  }
  console.log(`cut after "${out.cutLayer}" (${out.impl}); ${out.data.testRows} held-out rows; mean ± sd over ${out.settings.seeds.length} seeds`);
  console.log(table.toString());
  const c = out.featureCaching;
  if (c) console.log(`feature caching: head training ${c.epochs} epochs on ${c.rows} rows: cached ${c.cachedMs.toFixed(0)} ms, through the base ${c.uncachedMs.toFixed(0)} ms (${c.speedup.toFixed(2)}× faster)`);
}

function sourceArch(value: string): SourceArch | 'fashion' {
  if (value !== 'cnn' && value !== 'mlp' && value !== 'fashion') throw new Error(`--pretrain: expected cnn, mlp or fashion, got "${value}"`);
  return value;
}

function freezeCount(value: string): number | 'all' {
  if (value === 'all') return 'all';
  return nonNegativeInt('--freeze')(value);
}

function layerRef(value: string): string | number {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function seedList(value: string): number[] {
  if (value.includes(',')) return commaList(value).map(nonNegativeInt('--seeds'));
  const n = positiveInt('--seeds')(value);
  return Array.from({ length: n }, (_, i) => i + 1);
}

// `stacklab transfer`: a pretrained tfjs LayersModel on new classes with few labels. Each chosen method (scratch,
// frozen base + new head, fine-tuning, logistic regression on pixels) learns from the same draws of labelled rows
// and is scored on the same test rows. `--pretrain` makes the shipped digits 0–4 models (transferPretrain.ts).
import { Option, type Command } from 'commander';
import {
  adapterLine,
  closeEngine,
  type Engine,
  bindTfjs,
  type tf,
  stacklabKernelsBySetting,
  type StacklabKernelsHandle,
  withConvBackend,
  type ConvBackend,
  type ResultEnv,
  type ProgressSink,
  TransferOptionError,
  runTransferExperiment,
  type TransferExperimentResult as ExperimentResult,
  methodNames,
  type MethodName,
  transferInputs,
  describeInputs,
  type InputPreparation,
  modelInputImage,
  parseImageSize,
  parseSampleCounts,
  type SampleCount,
  type TransferData,
  type HostRunOptions,
  transferInBrowser,
  writeFileAtomic,
  writeJson,
  openModelArtifacts,
  loadTransferData,
  PeakMemory,
  type PeakMemoryReport,
  transferHtml,
} from '../node.js';
import type { PageTransferOptions } from '../protocol/transferData.js';
import {
  browserEndpointOption,
  classesOption,
  commaList,
  hostOption,
  fraction,
  imageDataDescription,
  nonNegativeInt,
  positiveInt,
  positiveNumber,
  tfjsKernelsOption,
} from './options.js';
import { progressBars } from '../terminal/progressBars.js';
import { byteSize, formatBytes, machineMemoryBudget } from './memoryBudget.js';
import { pretrainCommand, pretrainOption, type SourceChoice } from './transferPretrain.js';
import { terminalTable } from '../terminal/terminal.js';
import { cliBrowserOptions, nodeResultEnv, openCliEngine } from './cliEngine.js';

export interface TransferCommandOptions extends HostRunOptions {
  from?: string;
  data?: string;
  label?: string;
  /** CSV columns that are not features (an ID, a file name): left out before the model's columns are matched. */
  ignore?: string[];
  classes?: number[];
  methods: MethodName[];
  samplesPerClass: SampleCount[];
  seeds: number[];
  testLimit?: number;
  testSize: number;
  cut?: string | number;
  batchSize: number;
  trainBatchSize: number;
  /** Bytes of activations a training pass may hold (the micro-batch is chosen from it). */
  memoryBudget: number;
  steps: number;
  stopLoss: number;
  lr: number;
  fineTuneLayers: number;
  fineTuneLr: number;
  headC: number;
  pixelsC: number;
  image?: string;
  inputDivisor?: number;
  pretrain?: SourceChoice;
  progress?: boolean;
  json?: string;
  html?: string;
  quiet?: boolean;
}

export const transferDefaults = {
  methods: [...methodNames] as MethodName[],
  samplesPerClass: [5, 10, 20, 50] as SampleCount[],
  seeds: [1, 2, 3],
  testSize: 0.3,
  batchSize: 64,
  trainBatchSize: 32,
  memoryBudget: machineMemoryBudget(),
  steps: 150,
  stopLoss: 0.01,
  lr: 0.003,
  fineTuneLayers: 2,
  fineTuneLr: 0.0003,
  headC: 1,
  pixelsC: 1,
};

export function registerTransfer(program: Command): void {
  const d = transferDefaults;
  program
    .command('transfer')
    .description('a pretrained tfjs LayersModel on new classes with few labels: scratch, frozen base + new head, fine-tuning and pixels, on the same draws')
    .option('--from <dir|model.json|url>', 'the pretrained LayersModel (model.json + weight files)')
    .option('--data <name|file>', imageDataDescription)
    .option('--label <column>', 'CSV label column (default: "label", else the last column)')
    .option('--ignore <columns>', 'comma-separated CSV columns that are not features (an ID, a file name)', commaList, [])
    .addOption(classesOption())
    .option('--methods <list>', `comma list of ${methodNames.join(', ')}`, methodList, d.methods)
    .option('--samples-per-class <list>', 'labelled training rows per class, e.g. 5,10,20,50,100', parseSampleCounts, d.samplesPerClass)
    .option('--seeds <n|list>', 'how many seeds (1..n), or a comma list of seeds', seedList, d.seeds)
    .option('--test-limit <n>', 'score on a fixed, class-balanced subset of this many test rows (default: all)', positiveInt('--test-limit'))
    .option('--test-size <fraction>', 'data without an official test split: held-out fraction of each class', fraction('--test-size'), d.testSize)
    .option('--cut <layer>', "last layer of the base: a name or an index into the model's layers (default: before the classifier)", layerRef)
    .option('--batch-size <n>', 'rows per batch through the base (feature extraction, scoring): bounds memory', positiveInt('--batch-size'), d.batchSize)
    .option('--train-batch-size <n>', 'mini-batch size of network training (scratch, fine-tuning)', positiveInt('--train-batch-size'), d.trainBatchSize)
    .addOption(
      new Option('--memory-budget <size>', 'bytes of activations a training pass may hold, e.g. 2G: each mini-batch of network training runs in micro-batches that fit, gradients summed')
        .argParser(byteSize('--memory-budget'))
        .default(d.memoryBudget, `a quarter of this machine's memory, ${formatBytes(d.memoryBudget)}`),
    )
    .option('--steps <n>', 'optimizer step budget of every network training (scratch, fine-tuning)', positiveInt('--steps'), d.steps)
    .option('--stop-loss <x>', 'stopping rule: end training after an epoch whose mean loss is below this', positiveNumber('--stop-loss'), d.stopLoss)
    .option('--lr <rate>', 'Adam learning rate from scratch', positiveNumber('--lr'), d.lr)
    .option('--fine-tune-layers <k>', 'fine-tuning: the top K weighted layers of the base train again', nonNegativeInt('--fine-tune-layers'), d.fineTuneLayers)
    .option('--fine-tune-lr <rate>', 'fine-tuning: Adam learning rate (low)', positiveNumber('--fine-tune-lr'), d.fineTuneLr)
    .option('--head-c <C>', 'inverse L2 strength of the linear head on base features', positiveNumber('--head-c'), d.headC)
    .option('--pixels-c <C>', 'inverse L2 strength of logistic regression on pixels', positiveNumber('--pixels-c'), d.pixelsC)
    .option('--image <HxWxC>', "CSV rows are images of this size, resized (and grey→RGB) to the model input (default: the data's, else the model's metadata)")
    .option('--input-divisor <x>', "divide inputs by this (default: from the model's metadata, else 1); a model saved by train --save standardizes its own", positiveNumber('--input-divisor'))
    .addOption(pretrainOption())
    .addOption(tfjsKernelsOption())
    .addOption(hostOption())
    .addOption(browserEndpointOption())
    .option('--progress', 'progress bars on stderr even when it is not a terminal')
    .option('--json <file>', 'write every run and the summary (with env) as JSON')
    .option('--html <file>', 'write a report with the learning curve per method')
    .option('--quiet', 'print nothing but errors')
    .action(async (options: TransferCommandOptions) => {
      await transferCommand(options);
    });
}

export interface TransferJson {
  env: ResultEnv;
  from: string;
  /** The tfjs backend the networks ran on (STACKLAB_CONV_BACKEND). */
  tfjsBackend: ConvBackend;
  /** How the rows became the model's inputs: the saved model's own encoder and standardizer, or divided by a number. */
  inputs: InputPreparation;
  data: { train: string; test: string; classes: string[]; trainPoolRows: number; testRows: number };
  cutLayer: string | null;
  featureCount: number | null;
  settings: Omit<TransferCommandOptions, 'json' | 'html' | 'quiet' | 'pretrain' | 'from' | 'data' | 'progress' | 'browserEndpoint'>;
  featureExtraction: ExperimentResult['featureExtraction'];
  runs: ExperimentResult['runs'];
  summary: ExperimentResult['summary'];
  /** On the browser host, peakTfjsBytes is the page's, and peakPageJsHeapBytes its JavaScript heap. */
  memory: PeakMemoryReport & { peakPageJsHeapBytes?: number; note: string };
  timings: { totalMs: number };
}

export async function transferCommand(options: TransferCommandOptions, engine?: Engine): Promise<TransferJson | null> {
  if (options.host === 'browser') {
    if (options.pretrain) throw new TransferOptionError('--pretrain', 'trains and writes the source model on this machine: drop --host browser / --browser-endpoint');
    return browserExperimentCommand(options);
  }
  const own = !engine;
  const gpu = engine ?? (await openCliEngine());
  let dropIn: StacklabKernelsHandle | null = null;
  try {
    await bindTfjs(gpu);
    dropIn = await stacklabKernelsBySetting(gpu);
    if (options.pretrain) {
      await pretrainCommand(gpu, options.pretrain);
      return null;
    }
    return await withConvBackend(gpu, (backend) => experimentCommand(gpu, options, backend));
  } finally {
    dropIn?.restore();
    if (own) closeEngine(gpu);
  }
}

/** What both hosts start from: the checked artifacts, the rows, and the experiment's settings as plain data. */
interface PreparedTransfer {
  from: string;
  artifacts: tf.io.ModelArtifacts;
  data: TransferData;
  experiment: PageTransferOptions;
  /** How the rows became the model's inputs. */
  inputs: InputPreparation;
  log?: (line: string) => void;
  bars: ProgressSink;
}

async function prepareTransfer(options: TransferCommandOptions): Promise<PreparedTransfer> {
  if (!options.from || !options.data) throw new TransferOptionError('stacklab transfer', 'needs --from and --data (or --pretrain)');
  const artifacts = await openModelArtifacts(options.from);
  // An image folder's files are decoded straight to the size the model takes.
  const folderImage = modelInputImage(artifacts) ?? (options.image ? parseImageSize(options.image) : undefined);
  const loaded = loadTransferData(options.data, { ...options, image: folderImage });
  const { data, input, inputs } = transferInputs(artifacts, loaded, options.from, options);
  const experiment: PageTransferOptions = {
    cut: options.cut,
    input,
    batchSize: options.batchSize,
    training: {
      steps: options.steps,
      stopLoss: options.stopLoss,
      batchSize: options.trainBatchSize,
      memoryBudget: options.memoryBudget,
      learningRate: options.lr,
      fineTuneLayers: options.fineTuneLayers,
      fineTuneLearningRate: options.fineTuneLr,
      headC: options.headC,
      pixelsC: options.pixelsC,
    },
    methods: options.methods,
    samplesPerClass: options.samplesPerClass,
    seeds: options.seeds,
  };
  const log = options.quiet ? undefined : (line: string) => console.log(line);
  return { from: options.from, artifacts, data, experiment, inputs, log, bars: progressBars(options.progress === true) };
}

/** The bars, sampling memory at every step (the event loop is busy then, so the timer alone would miss peaks). */
function sampledBars(bars: ProgressSink, memory: PeakMemory): ProgressSink {
  return (label, total, examplesPerUnit) => {
    const task = bars(label, total, examplesPerUnit);
    return { update: (done) => (memory.sample(), task.update(done)), end: () => task.end() };
  };
}

async function experimentCommand(engine: Engine, options: TransferCommandOptions, backend: ConvBackend): Promise<TransferJson> {
  const prepared = await prepareTransfer(options);
  prepared.log?.(`${adapterLine(engine.facts)}; tfjs backend: ${backend}`);
  const memory = new PeakMemory();
  const result = await runTransferExperiment(prepared.artifacts, prepared.data, { ...prepared.experiment, progress: sampledBars(prepared.bars, memory), log: prepared.log });
  const note = "Node RSS and tfjs tensor bytes, sampled every 100 ms and at every progress step; the engine's own GPU buffers are env.liveGpuBytes / env.peakGpuBytes, which do not count tfjs's";
  return finishTransfer(options, prepared, { env: nodeResultEnv(engine), backend, result, memory: { ...memory.stop(), note } });
}

async function browserExperimentCommand(options: TransferCommandOptions): Promise<TransferJson> {
  const prepared = await prepareTransfer(options);
  const memory = new PeakMemory(null);
  const run = await transferInBrowser(prepared.artifacts, prepared.from, prepared.data, prepared.experiment, { ...options, browser: cliBrowserOptions() }, { progress: sampledBars(prepared.bars, memory), log: prepared.log });
  prepared.log?.(`${adapterLine(run.env.adapter)}; host browser (${run.env.chrome}); tfjs backend: ${run.backend}`);
  const { peakRssBytes, samples } = memory.stop();
  const note = "peakRssBytes: this Node process (it loads the data); peakTfjsBytes and peakPageJsHeapBytes: the page, sampled at every progress step; the page engine's own GPU buffers are env.liveGpuBytes / env.peakGpuBytes";
  return finishTransfer(options, prepared, {
    env: run.env,
    backend: run.backend,
    result: run.result,
    memory: { peakRssBytes, peakTfjsBytes: run.memory.peakTfjsBytes, peakPageJsHeapBytes: run.memory.peakJsHeapBytes, samples, note },
  });
}

/** Prints and writes a finished experiment, whichever host ran it; frozen weights that changed fail the command. */
function finishTransfer(options: TransferCommandOptions, prepared: PreparedTransfer, run: Omit<TransferRunReport, 'data' | 'inputs'>): TransferJson {
  const out = transferJson(options, { ...run, data: prepared.data, inputs: prepared.inputs });
  if (!options.quiet) printResult(out);
  if (options.json) writeJson(options.json, out);
  if (options.html) writeFileAtomic(options.html, transferHtml(out));
  const changed = out.runs.filter((run) => !run.frozenUnchanged);
  if (changed.length > 0) {
    console.error('stacklab transfer: frozen weights changed during training: ' + [...new Set(changed.flatMap((r) => r.changedWeights))].join(', '));
    process.exitCode = 1;
  }
  return out;
}

interface TransferRunReport {
  env: ResultEnv;
  backend: ConvBackend;
  data: TransferData;
  inputs: InputPreparation;
  result: ExperimentResult;
  memory: TransferJson['memory'];
}

function transferJson(options: TransferCommandOptions, run: TransferRunReport): TransferJson {
  const { json: _json, html: _html, quiet: _quiet, pretrain: _pretrain, progress: _progress, browserEndpoint: _endpoint, from, data: _data, ...settings } = options;
  const { result, data } = run;
  return {
    env: run.env,
    from: from!,
    tfjsBackend: run.backend,
    inputs: run.inputs,
    data: { train: data.train.source, test: data.test.source, classes: result.classes, trainPoolRows: result.trainPoolRows, testRows: result.testRows },
    cutLayer: result.cutLayer,
    featureCount: result.featureCount,
    settings,
    featureExtraction: result.featureExtraction,
    runs: result.runs,
    summary: result.summary,
    memory: run.memory,
    timings: { totalMs: result.wallMs },
  };
}

const percent = (mean: number, sd: number) => `${(mean * 100).toFixed(1)} ± ${(sd * 100).toFixed(1)}`;

function printResult(out: TransferJson): void {
  const methods = [...new Set(out.summary.map((s) => s.method))];
  const budgets = [...new Set(out.summary.map((s) => s.samplesPerClass))];
  const table = terminalTable({ head: ['samples/class', ...methods.map((m) => `${m} %`), 'frozenUnchanged'] });
  for (const budget of budgets) {
    const row = out.summary.filter((s) => s.samplesPerClass === budget);
    table.push([String(budget), ...methods.map((m) => row.find((s) => s.method === m)).map((s) => (s ? percent(s.accuracy, s.sd) : '')), String(row.every((s) => s.frozenUnchanged))]);
  }
  const base = out.cutLayer ? `base cut after "${out.cutLayer}" (${out.featureCount} features); ` : '';
  console.log(`inputs: ${describeInputs(out.inputs)}`);
  console.log(`${base}${out.data.testRows} test rows; mean ± sd over ${out.settings.seeds.length} seeds`);
  console.log(table.toString());
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  console.log(`${(out.timings.totalMs / 1000).toFixed(1)} s; peak RSS ${mib(out.memory.peakRssBytes)} MiB, peak tfjs tensors ${mib(out.memory.peakTfjsBytes)} MiB`);
}

function methodList(value: string): MethodName[] {
  const names = commaList(value);
  for (const name of names) {
    if (!(methodNames as readonly string[]).includes(name)) throw new TransferOptionError('--methods', `"${name}" is not one of ${methodNames.join(', ')}`);
  }
  if (names.length === 0) throw new TransferOptionError('--methods', 'name at least one method');
  return names as MethodName[];
}

function layerRef(value: string): string | number {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function seedList(value: string): number[] {
  if (value.includes(',')) return commaList(value).map(nonNegativeInt('--seeds'));
  const n = positiveInt('--seeds')(value);
  return Array.from({ length: n }, (_, i) => i + 1);
}

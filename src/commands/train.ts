// `stacklab train`: an MLP on a CSV (bundled name or path), custom kernels or tfjs, with an honest split.
import { Option, type Command } from 'commander';
import {
  median,
  adapterLine,
  closeEngine,
  type Engine,
  disposeExperiment,
  runExperiment,
  type ExperimentOptions,
  type ExperimentResult,
  type Implementation,
  describeSpec,
  defaultTrainOptions,
  type ResultEnv,
  BadInputError,
  loadCsvDataset,
  majorityWarning,
  reportLines,
  type ClassificationReport,
  type ClassWeight,
  modelFiles,
  saveMlp,
  writeJson,
  trainInBrowser,
  type HostRunOptions,
} from '../node.js';
import type { ExperimentSummary } from '../protocol/runData.js';
import { epochBar } from '../terminal/progressBars.js';
import { terminalTable } from '../terminal/terminal.js';
import { trainRepeatsCommand, wantsRepeats, type RepeatsJson } from './trainRepeats.js';
import { trainRegressionCommand, type TrainRegressionJson } from './trainRegression.js';
import {
  addDatasetOptions,
  csvOptions,
  browserEndpointOption,
  commaList,
  fraction,
  hostOption,
  nonNegativeInt,
  positiveInt,
  positiveNumber,
  tfjsKernelsOption,
} from './options.js';
import type { TrainCommandOptions } from './trainCommandOptions.js';
import { checkSaveLocation, preprocessingMetadata } from './saveTrained.js';
import { cliBrowserOptions, nodeResultEnv, openCliEngine } from './cliEngine.js';

const defaultHidden = [64];

export function registerTrain(program: Command): void {
  addDatasetOptions(program.command('train').description('train an MLP on a CSV dataset (stratified split, standardized on the training part) and report accuracy, or RMSE, MAE and R² for a regression target'))
    .option('--hidden <sizes>', 'hidden layer sizes, e.g. 64,32 ("none" for no hidden layer)', hiddenSizes, defaultHidden)
    .option('--epochs <n>', 'training epochs', positiveInt('--epochs'), defaultTrainOptions.epochs)
    .option('--batch-size <n>', 'mini-batch size', positiveInt('--batch-size'), defaultTrainOptions.batchSize)
    .option('--lr <rate>', 'Adam learning rate', positiveNumber('--lr'), defaultTrainOptions.learningRate)
    .addOption(new Option('--impl <impl>', 'custom WGSL kernels or tfjs layers (webgpu backend, same device)').choices(['custom', 'tfjs']).default('custom'))
    .addOption(tfjsKernelsOption())
    .option('--test-size <fraction>', 'held-out fraction, stratified', fraction('--test-size'), 0.2)
    .option('--seed <n>', 'seed for the split, initial weights and shuffles', nonNegativeInt('--seed'), 0)
    .addOption(new Option('--class-weight <weight>', 'balanced: every class drawn equally often in each epoch (resampled), for imbalanced labels').choices(['none', 'balanced']).default('none'))
    .addOption(new Option('--loss <loss>', 'regression only: squared-error, or huber (δ = 1 standard deviation of the target)').choices(['squared-error', 'huber']))
    .option('--save <dir>', 'save the trained model as a tfjs LayersModel (model.json + weights.bin)')
    .option('--json <file>', 'write the result (with env) as JSON')
    .option('--repeats <n>', 'seeded stratified splits (seed, seed + 1, …) trained together as one batch; reports mean ± sd', positiveInt('--repeats'))
    .option('--validation-split <fraction>', 'stratified validation part carved from the training split (never from the test split)', fraction('--validation-split'))
    .option('--early-stopping <patience>', 'stop a model after this many epochs without a better validation loss; keep its best weights', positiveInt('--early-stopping'))
    .option('--html <file>', 'with --repeats / --validation-split: an HTML report of the splits')
    .option('--progress', 'show the progress bar on stderr even when it is not a terminal')
    .addOption(hostOption())
    .addOption(browserEndpointOption())
    .action(async (options: TrainCommandOptions) => {
      await trainCommand(options);
    });
}

export interface TrainJson {
  env: ResultEnv;
  data: { source: string; rows: number; features: number; classes: string[]; trainRows: number; testRows: number };
  model: string;
  impl: Implementation;
  testAccuracy: number;
  /** Confusion matrix, per-class precision/recall/F1, balanced accuracy and macro-F1 on the test rows. */
  testReport: ClassificationReport;
  trainAccuracy: number;
  epochs: number;
  loss: number[];
  settings: { hidden: number[]; batchSize: number; learningRate: number; testSize: number; seed: number; classWeight: ClassWeight };
  timings: { setupMs: number; epochMs: number[]; medianEpochMs: number; totalMs: number };
}

/** The whole command; returns what --json writes. */
export async function trainCommand(options: TrainCommandOptions, engine?: Engine): Promise<TrainJson | RepeatsJson | TrainRegressionJson> {
  if (options.save) checkSaveLocation(options.save);
  const dataset = loadCsvDataset(options.data, csvOptions(options), options.quiet ? undefined : (line) => console.error(line));
  if (dataset.targets) return trainRegressionCommand(options, dataset, engine);
  if (options.loss) throw new BadInputError('--loss is for a regression target; a classification MLP trains with softmax cross-entropy');
  const experiment: ExperimentOptions = { impl: options.impl, hidden: options.hidden, epochs: options.epochs, batchSize: options.batchSize, learningRate: options.lr, testSize: options.testSize, seed: options.seed, classWeight: options.classWeight };
  if (options.host === 'browser') {
    if (wantsRepeats(options)) throw new BadInputError('--repeats, --validation-split, --early-stopping and --html run on the Node host only: drop --host browser / --browser-endpoint');
    return reportTrain(options, await trainInBrowser(dataset, experiment, { ...options, browser: cliBrowserOptions() }));
  }
  const own = !engine;
  const gpu = engine ?? (await openCliEngine());
  try {
    if (wantsRepeats(options)) return await trainRepeatsCommand(options, dataset, gpu);
    const bar = epochBar(options, options.impl, options.epochs);
    const started = performance.now();
    const result = await runExperiment(gpu, dataset, { ...experiment, onEpoch: bar.onEpoch }).finally(bar.end);
    const totalMs = performance.now() - started;
    try {
      if (options.save) await saveModel(gpu, result, options.save);
      return reportTrain(options, { env: nodeResultEnv(gpu), result, totalMs });
    } finally {
      disposeExperiment(result);
    }
  } finally {
    if (own) closeEngine(gpu);
  }
}

async function saveModel(engine: Engine, result: ExperimentResult, dir: string): Promise<void> {
  const metadata = { task: 'classification' as const, classNames: [...result.train.classNames], ...preprocessingMetadata(result.train.featureNames, result.standardizer, result.encoder) };
  if (result.model.kind === 'custom') await saveMlp(engine, result.model.mlp, dir, metadata);
  else {
    result.model.model.setUserDefinedMetadata({ stacklab: metadata });
    await result.model.model.save(modelFiles(dir));
  }
}

/** Prints and writes a finished run, whichever host ran it. */
function reportTrain(options: TrainCommandOptions, run: { env: ResultEnv; result: ExperimentSummary; totalMs: number }): TrainJson {
  const json = trainJson(run.env, run.result, options, run.totalMs);
  if (!options.quiet) printSummary(json);
  if (options.json) writeJson(options.json, json);
  return json;
}

function trainJson(env: ResultEnv, result: ExperimentSummary, options: TrainCommandOptions, totalMs: number): TrainJson {
  return {
    env,
    data: {
      source: options.data,
      rows: result.train.rows + result.test.rows,
      features: result.train.cols,
      classes: [...result.train.classNames],
      trainRows: result.train.rows,
      testRows: result.test.rows,
    },
    model: describeSpec(result.spec),
    impl: result.impl,
    testAccuracy: result.testAccuracy,
    testReport: result.testReport,
    trainAccuracy: result.trainAccuracy,
    epochs: result.history.loss.length,
    loss: result.history.loss,
    settings: { hidden: options.hidden, batchSize: options.batchSize, learningRate: options.lr, testSize: options.testSize, seed: options.seed, classWeight: options.classWeight ?? 'none' },
    timings: { setupMs: result.setupMs, epochMs: result.history.epochMs, medianEpochMs: median(result.history.epochMs), totalMs },
  };
}

function printSummary(json: TrainJson): void {
  const table = terminalTable();
  table.push(
    { data: `${json.data.source} (${json.data.trainRows} train / ${json.data.testRows} test rows, ${json.data.classes.length} classes)` },
    { model: `${json.model} (${json.impl})` },
    { 'test accuracy': json.testAccuracy.toFixed(4) },
    { 'train accuracy': json.trainAccuracy.toFixed(4) },
    { 'final loss': json.loss[json.loss.length - 1].toFixed(5) },
    { 'median epoch': `${json.timings.medianEpochMs.toFixed(1)} ms over ${json.epochs} epochs (setup ${json.timings.setupMs.toFixed(0)} ms)` },
  );
  console.log(adapterLine(json.env.adapter));
  console.log(table.toString());
  const [summary, ...perClass] = reportLines(json.testReport);
  console.log(`test ${summary}`);
  for (const line of perClass) console.log(line);
  const warning = majorityWarning(json.testReport);
  if (warning) console.error(warning);
}

function hiddenSizes(value: string): number[] {
  if (value.trim() === 'none') return [];
  return commaList(value).map((s) => positiveInt('--hidden')(s));
}

// `stacklab train` on a regression target: the MLP with one linear output, the squared-error or Huber loss kernel,
// the target standardized on the training rows, RMSE, MAE and R² on both parts; --save writes it as a LayersModel
// whose metadata maps its output back to the target's units.
import {
  adapterLine,
  BadInputError,
  closeEngine,
  describeSpec,
  disposeRegressionExperiment,
  median,
  regressionLine,
  runRegressionExperiment,
  saveMlp,
  writeJson,
  type Dataset,
  type Engine,
  type RegressionExperimentResult,
  type RegressionLoss,
  type RegressionReport,
  type ResultEnv,
  type TargetScaler,
} from '../node.js';
import { epochBar } from '../terminal/progressBars.js';
import { terminalTable } from '../terminal/terminal.js';
import { nodeResultEnv, openCliEngine } from './cliEngine.js';
import type { TrainCommandOptions } from './trainCommandOptions.js';
import { preprocessingMetadata } from './saveTrained.js';

/** What `train --json` writes for a regression target. */
export interface TrainRegressionJson {
  env: ResultEnv;
  task: 'regression';
  data: { source: string; rows: number; features: number; trainRows: number; testRows: number };
  model: string;
  impl: 'custom';
  lossFunction: RegressionLoss;
  /** RMSE, MAE and R² on the test rows, in the target's units. */
  testReport: RegressionReport;
  trainReport: RegressionReport;
  /** The training targets' mean and standard deviation, which the MLP learned in units of. */
  targetScaler: TargetScaler;
  epochs: number;
  /** Mean training loss per epoch, in standardized target units. */
  loss: number[];
  settings: { hidden: number[]; batchSize: number; learningRate: number; testSize: number; seed: number };
  timings: { setupMs: number; epochMs: number[]; medianEpochMs: number; totalMs: number };
}

/** Huber's δ, in standardized target units: errors beyond one standard deviation count linearly. */
const huberDelta = 1;

/** The regression run of `train`: Node host, custom kernels, one split. BadInputError for an option it does not take. */
export async function trainRegressionCommand(options: TrainCommandOptions, dataset: Dataset, engine?: Engine): Promise<TrainRegressionJson> {
  const refused = [
    ['--impl tfjs', options.impl === 'tfjs'],
    ['--host browser', options.host === 'browser'],
    ['--class-weight balanced', options.classWeight === 'balanced'],
    ['--repeats, --validation-split, --early-stopping, --html', options.repeats !== undefined || options.validationSplit !== undefined || options.earlyStopping !== undefined || options.html !== undefined],
  ].filter(([, given]) => given);
  if (refused.length) throw new BadInputError(`${refused.map(([flag]) => flag).join('; ')}: not for regression yet (the label was read as a regression target; --task classification reads it as classes)`);
  const loss: RegressionLoss = options.loss === 'huber' ? { kind: 'huber', delta: huberDelta } : { kind: 'squared-error' };
  const gpu = engine ?? (await openCliEngine());
  try {
    const bar = epochBar(options, 'regression', options.epochs);
    const started = performance.now();
    const result = await runRegressionExperiment(gpu, dataset, {
      hidden: options.hidden,
      epochs: options.epochs,
      batchSize: options.batchSize,
      learningRate: options.lr,
      testSize: options.testSize,
      seed: options.seed,
      loss,
      onEpoch: bar.onEpoch,
    }).finally(bar.end);
    const totalMs = performance.now() - started;
    try {
      if (options.save) await saveRegressionModel(gpu, result, options.save);
    } finally {
      disposeRegressionExperiment(result);
    }
    const json: TrainRegressionJson = {
      env: nodeResultEnv(gpu),
      task: 'regression',
      data: { source: options.data, rows: result.train.rows + result.test.rows, features: result.train.cols, trainRows: result.train.rows, testRows: result.test.rows },
      model: describeSpec(result.spec),
      impl: 'custom',
      lossFunction: loss,
      testReport: result.testReport,
      trainReport: result.trainReport,
      targetScaler: result.targetScaler,
      epochs: result.history.loss.length,
      loss: result.history.loss,
      settings: { hidden: options.hidden, batchSize: options.batchSize, learningRate: options.lr, testSize: options.testSize, seed: options.seed },
      timings: { setupMs: result.setupMs, epochMs: result.history.epochMs, medianEpochMs: median(result.history.epochMs), totalMs },
    };
    if (!options.quiet) printSummary(json);
    if (options.json) writeJson(options.json, json);
    return json;
  } finally {
    if (!engine) closeEngine(gpu);
  }
}

/** The MLP with the classification save's preprocessing metadata, plus how its output becomes the target's units. */
async function saveRegressionModel(engine: Engine, result: RegressionExperimentResult, dir: string): Promise<void> {
  const metadata = { task: 'regression' as const, ...preprocessingMetadata(result.train.featureNames, result.standardizer, result.encoder), targetScaler: { ...result.targetScaler }, loss: result.loss };
  await saveMlp(engine, result.mlp, dir, metadata);
}

function printSummary(json: TrainRegressionJson): void {
  const table = terminalTable();
  table.push(
    { data: `${json.data.source} (${json.data.trainRows} train / ${json.data.testRows} test rows, regression)` },
    { model: `${json.model} (${json.lossFunction.kind}${json.lossFunction.kind === 'huber' ? ` δ ${json.lossFunction.delta}` : ''}, target standardized)` },
    { 'test R²': json.testReport.r2.toFixed(4) },
    { 'train R²': json.trainReport.r2.toFixed(4) },
    { 'final loss': json.loss[json.loss.length - 1].toFixed(5) },
    { 'median epoch': `${json.timings.medianEpochMs.toFixed(1)} ms over ${json.epochs} epochs (setup ${json.timings.setupMs.toFixed(0)} ms)` },
  );
  console.log(adapterLine(json.env.adapter));
  console.log(table.toString());
  console.log(`test ${regressionLine(json.testReport)}`);
}

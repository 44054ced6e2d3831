// `stacklab train` with --repeats, --validation-split or --early-stopping: N seeded stratified splits trained
// together as one MlpBatch, each optionally early-stopped on a validation part of its own training split;
// mean ± sd with the per-split table in the terminal, JSON and HTML.
import {
  type Dataset,
  type MeanSd,
  adapterLine,
  type Engine,
  BadInputError,
  Mlp,
  describeSpec,
  runRepeatedExperiment,
  type RepeatedExperimentResult,
  type ResultEnv,
  saveMlp,
  plusMinus,
  repeatsPage,
  type RepeatsPageSplit,
  writeFileAtomic,
  writeJson,
} from '../node.js';
import { fieldBar } from '../terminal/progressBars.js';
import { terminalTable } from '../terminal/terminal.js';
import type { TrainCommandOptions } from './trainCommandOptions.js';
import { nodeResultEnv } from './cliEngine.js';
import { preprocessingMetadata } from './saveTrained.js';

export interface RepeatsJson {
  env: ResultEnv;
  data: { source: string; rows: number; features: number; classes: string[] };
  model: string;
  impl: 'custom';
  settings: { hidden: number[]; epochs: number; batchSize: number; learningRate: number; testSize: number; seed: number; repeats: number; validationSplit: number; earlyStopping: number | null };
  summary: { testAccuracy: MeanSd; trainAccuracy: MeanSd };
  splits: (RepeatsPageSplit & { loss: number[]; validationLoss: number[] })[];
  timings: { totalMs: number };
}

/** Does `train` need the batched path? */
export function wantsRepeats(options: TrainCommandOptions): boolean {
  return (options.repeats ?? 1) > 1 || options.validationSplit !== undefined || options.earlyStopping !== undefined || options.html !== undefined;
}

function checkOptions(options: TrainCommandOptions): void {
  if (options.impl !== 'custom') throw new BadInputError('--repeats, --validation-split, --early-stopping and --html train on the custom kernels (one MlpBatch); use --impl custom');
  if (options.earlyStopping !== undefined && options.validationSplit === undefined) throw new BadInputError('--early-stopping needs --validation-split to stop on');
  if (options.save && (options.repeats ?? 1) > 1) throw new BadInputError(`--save keeps one model; ${options.repeats} repeats train ${options.repeats}`);
}

export async function trainRepeatsCommand(options: TrainCommandOptions, dataset: Dataset, engine: Engine): Promise<RepeatsJson> {
  checkOptions(options);
  const repeats = options.repeats ?? 1;
  const bar = fieldBar(options, { format: `custom ×${repeats} {bar} epoch {value}/{total} | mean loss {loss}`, style: 'shades' }, options.epochs, { loss: '-' });
  const started = performance.now();
  const settings = repeatSettings(options);
  const result = await runRepeatedExperiment(engine, dataset, {
    ...settings,
    patience: options.earlyStopping,
    onEpoch: (epoch, loss) => bar.update(epoch + 1, { loss: meanOfFinite(loss).toFixed(4) }),
  }).finally(() => bar.end());
  try {
    if (options.save) await saveFirst(engine, result, dataset, options.save);
    const json = repeatsJson(engine, result, dataset, options.data, settings, performance.now() - started);
    const page = options.html ? repeatsPage(`stacklab train ${dataset.source}`, adapterLine(engine.facts), json.summary, json.splits) : null;
    if (!options.quiet) printRepeats(json, engine);
    if (options.json) writeJson(options.json, json);
    if (options.html && page) writeFileAtomic(options.html, page);
    return json;
  } finally {
    result.batch.dispose();
  }
}

function meanOfFinite(values: Float64Array): number {
  const live = Array.from(values).filter(Number.isFinite);
  return live.reduce((a, b) => a + b, 0) / Math.max(1, live.length);
}

async function saveFirst(engine: Engine, result: RepeatedExperimentResult, dataset: Dataset, dir: string): Promise<void> {
  const mlp = new Mlp(engine, result.spec, { weights: await result.batch.weights(0) });
  try {
    const encoder = result.encoders[0];
    const metadata = { task: 'classification' as const, classNames: [...dataset.classNames], ...preprocessingMetadata(encoder?.featureNames ?? dataset.featureNames, result.standardizers[0], encoder) };
    await saveMlp(engine, mlp, dir, metadata);
  } finally {
    mlp.dispose();
  }
}

function repeatSettings(options: TrainCommandOptions): RepeatsJson['settings'] {
  return {
    hidden: options.hidden,
    epochs: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.lr,
    testSize: options.testSize,
    seed: options.seed,
    repeats: options.repeats ?? 1,
    validationSplit: options.validationSplit ?? 0,
    earlyStopping: options.earlyStopping ?? null,
  };
}

function repeatsJson(engine: Engine, result: RepeatedExperimentResult, dataset: Dataset, source: string, settings: RepeatsJson['settings'], totalMs: number): RepeatsJson {
  return {
    env: nodeResultEnv(engine),
    data: { source, rows: dataset.rows, features: result.spec.layers[0].inputs, classes: [...dataset.classNames] },
    model: describeSpec(result.spec),
    impl: 'custom',
    settings,
    summary: result.summary,
    splits: result.splits.map((s) => ({
      seed: s.seed,
      rows: s.rows,
      testAccuracy: s.testAccuracy,
      trainAccuracy: s.trainAccuracy,
      bestEpoch: s.history.bestEpoch,
      epochsRun: s.history.epochsRun,
      stoppedEarly: s.history.stoppedEarly,
      loss: s.history.loss,
      validationLoss: s.history.validationLoss,
      validationAccuracy: s.history.validationAccuracy,
    })),
    timings: { totalMs },
  };
}

function printRepeats(json: RepeatsJson, engine: Engine): void {
  const table = terminalTable({ head: ['seed', 'rows train/val/test', 'test acc', 'train acc', 'best validation epoch'] });
  for (const s of json.splits) {
    table.push([s.seed, `${s.rows.train}/${s.rows.validation}/${s.rows.test}`, s.testAccuracy.toFixed(4), s.trainAccuracy.toFixed(4), s.rows.validation ? `${s.bestEpoch + 1} of ${s.epochsRun}${s.stoppedEarly ? ' (early stop)' : ''}` : `no validation, ${s.epochsRun} epochs`]);
  }
  table.push(['mean ± sd', '', plusMinus(json.summary.testAccuracy), plusMinus(json.summary.trainAccuracy), '']);
  console.log(adapterLine(engine.facts));
  console.log(`${json.data.source}: ${json.model}, ${json.splits.length} seeded stratified split${json.splits.length > 1 ? 's' : ''} trained as one batch`);
  console.log(table.toString());
  console.log(`${(json.timings.totalMs / 1000).toFixed(1)} s total`);
}

// `stacklab stack`: stacked generalization on a CSV dataset — base learners' out-of-fold predictions on the GPU,
// a meta-learner on top, every model scored on held-out rows.
import { Option, type Command } from 'commander';
import {
  adapterLine,
  closeEngine,
  type Engine,
  baseLearners,
  learnerFactories,
  metaKinds,
  regressorFactories,
  regressionMetaKinds,
  runRegressionStackExperiment,
  regressionStackPage,
  regressionLine,
  type Dataset,
  type RegressionStackResult,
  metaLearner,
  checkStackOptions,
  totalFitMs,
  runStackExperiment,
  type StackExperimentOptions,
  type StackResult,
  type ResultEnv,
  BadInputError,
  loadCsvDataset,
  majorityWarning,
  reportLines,
  stackPage,
  writeFileAtomic,
  writeJson,
  stackInBrowser,
  type HostRunOptions,
} from '../node.js';
import { stackRepeatsCommand, type StackRepeatsJson } from './stackRepeats.js';
import { terminalTable } from '../terminal/terminal.js';
import { addDatasetOptions, csvOptions, browserEndpointOption, commaList, fraction, hostOption, nonNegativeInt, positiveInt } from './options.js';
import type { StackCommandOptions } from './stackCommandOptions.js';
import { cliBrowserOptions, nodeResultEnv, openCliEngine } from './cliEngine.js';

export type StackJson = { env: ResultEnv } & StackResult;
export type RegressionStackJson = { env: ResultEnv } & RegressionStackResult;

const defaultBase = ['mlp', 'logreg', 'knn'];
const defaultRegressionBase = ['ridge', 'knn', 'extra-trees', 'mlp'];

export function registerStack(program: Command): void {
  addDatasetOptions(program.command('stack').description('stacked generalization: base learners fitted on stratified folds, a meta-learner on their out-of-fold predictions'))
    .option(
      '--base <learners>',
      `comma-separated base learners: ${Object.keys(learnerFactories).join(', ')} (default ${defaultBase.join(',')}); for a regression target ${Object.keys(regressorFactories).join(', ')} (default ${defaultRegressionBase.join(',')})`,
      commaList,
    )
    .addOption(new Option('--meta <kind>', `meta-learner (regression: ${regressionMetaKinds.join(', ')})`).choices([...new Set([...metaKinds, ...regressionMetaKinds])]).default('convex'))
    .option('--per-class', 'convex meta-learner: one weight per model and class')
    .option('--folds <k>', 'stratified folds for the out-of-fold predictions', positiveInt('--folds'), 5)
    .option('--seed <n>', 'seed for the split, the folds and every learner', nonNegativeInt('--seed'), 0)
    .option('--test-size <fraction>', 'held-out fraction, stratified', fraction('--test-size'), 0.2)
    .option('--passthrough', 'give the meta-learner the original features too (logreg meta-learner only)')
    .addOption(new Option('--class-weight <weight>', 'balanced: logreg weights each class by rows / (classes · its rows)').choices(['none', 'balanced']).default('none'))
    .option('--json <file>', 'write the result (with env) as JSON')
    .option('--html <file>', 'write an HTML report with the meta weights as a bar chart')
    .option('--repeats <n>', 'the experiment on n seeded stratified splits (seed, seed + 1, …); reports mean ± sd', positiveInt('--repeats'))
    .addOption(hostOption())
    .addOption(browserEndpointOption())
    .action(async (options: StackCommandOptions) => {
      await stackCommand(options);
    });
}

/** The whole command; returns what --json writes. Files are written only once everything has succeeded. */
export async function stackCommand(flags: StackCommandOptions, engine?: Engine): Promise<StackJson | StackRepeatsJson | RegressionStackJson> {
  const dataset = loadCsvDataset(flags.data, csvOptions(flags), flags.quiet ? undefined : (line) => console.error(line));
  if (dataset.targets) return regressionStackCommand(flags, dataset, engine);
  const options = { ...flags, base: flags.base ?? defaultBase };
  checkStackOptions({ base: baseLearners(options.base), meta: metaLearner(options.meta, { perClass: options.perClass }), folds: options.folds, passthrough: options.passthrough });
  if (options.host === 'browser') {
    if ((options.repeats ?? 1) > 1) throw new BadInputError('--repeats runs on the Node host only: drop --host browser / --browser-endpoint');
    const json = await stackInBrowser<StackJson>(dataset, { ...options, browser: cliBrowserOptions() });
    if (!options.quiet) console.error(adapterLine(json.env.adapter));
    return reportStack(options, json);
  }
  const gpu = engine ?? (await openCliEngine());
  try {
    if ((options.repeats ?? 1) > 1) return await stackRepeatsCommand({ ...options, repeats: options.repeats ?? 1 }, dataset, gpu);
    const log = options.quiet ? undefined : (line: string) => console.error(`  ${line}`);
    if (!options.quiet) console.error(adapterLine(gpu.facts));
    const result = await runStackExperiment(gpu, dataset, { ...options, log });
    return reportStack(options, { env: nodeResultEnv(gpu), ...result });
  } finally {
    if (!engine) closeEngine(gpu);
  }
}

/** A stack on a regression target (Node host, one split); files are written only once everything has succeeded. */
async function regressionStackCommand(options: StackCommandOptions, dataset: Dataset, engine?: Engine): Promise<RegressionStackJson> {
  const classOnly = [
    ['--per-class', options.perClass],
    ['--passthrough', options.passthrough],
    ['--class-weight balanced', options.classWeight === 'balanced'],
    ['--repeats', (options.repeats ?? 1) > 1],
    ['--host browser', options.host === 'browser'],
  ].filter(([, given]) => given);
  if (classOnly.length) throw new BadInputError(`${classOnly.map(([flag]) => flag).join(', ')}: not for a regression stack (the label was read as a regression target; --task classification reads it as classes)`);
  const gpu = engine ?? (await openCliEngine());
  try {
    const log = options.quiet ? undefined : (line: string) => console.error(`  ${line}`);
    if (!options.quiet) console.error(adapterLine(gpu.facts));
    const result = await runRegressionStackExperiment(gpu, dataset, { base: options.base ?? defaultRegressionBase, meta: options.meta, folds: options.folds, seed: options.seed, testSize: options.testSize, log });
    const json: RegressionStackJson = { env: nodeResultEnv(gpu), ...result };
    const page = options.html ? regressionStackPage(json, adapterLine(json.env.adapter)) : null;
    if (!options.quiet) printRegressionResult(json);
    if (options.json) writeJson(options.json, json);
    if (options.html && page) writeFileAtomic(options.html, page);
    return json;
  } finally {
    if (!engine) closeEngine(gpu);
  }
}

function printRegressionResult(result: RegressionStackResult): void {
  const table = terminalTable({ head: ['model', 'out-of-fold RMSE', 'test RMSE', 'test MAE', 'test R²', `${result.meta.kind} weight`, 'fit s (folds + refit)'] });
  for (const [m, b] of result.baseModels.entries()) {
    table.push([b.name, b.oof.rmse.toPrecision(5), b.test.rmse.toPrecision(5), b.test.mae.toPrecision(5), b.test.r2.toFixed(4), result.meta.weights[m].toFixed(4), (totalFitMs(b.fitMs) / 1000).toFixed(1)]);
  }
  const t = result.meta.test;
  table.push([`stack → ${result.meta.kind}`, '', t.rmse.toPrecision(5), t.mae.toPrecision(5), t.r2.toFixed(4), result.meta.intercept ? `+ ${result.meta.intercept.toPrecision(4)}` : '', (result.timings.metaFitMs / 1000).toFixed(2)]);
  console.log(table.toString());
  console.log(`weights: ${result.meta.weightsMeaning}`);
  console.log(`the stack on the test rows: ${regressionLine(t)}`);
  const s = result.timings;
  console.log(`${result.folds}-fold regression stack on ${result.rows.train} training rows: ${(s.totalMs / 1000).toFixed(1)} s total (base learners ${(s.baseFitMs / 1000).toFixed(1)} s, meta ${(s.metaFitMs / 1000).toFixed(2)} s, test predictions ${(s.predictMs / 1000).toFixed(2)} s)`);
}

/** Prints and writes a finished stack, whichever host ran it. */
function reportStack(options: StackCommandOptions, json: StackJson): StackJson {
  const page = options.html ? stackPage(json, adapterLine(json.env.adapter)) : null;
  if (!options.quiet) printResult(json);
  if (options.json) writeJson(options.json, json);
  if (options.html && page) writeFileAtomic(options.html, page);
  return json;
}

function printResult(result: StackResult): void {
  const table = terminalTable({ head: ['model', 'out-of-fold acc', 'test acc', `${result.meta.kind} weight`, 'fit s (folds + refit)'] });
  for (const [m, b] of result.baseModels.entries()) {
    const seconds = totalFitMs(b.fitMs) / 1000;
    table.push([b.name, b.oofAccuracy.toFixed(4), b.testAccuracy.toFixed(4), result.meta.weights[m].toFixed(4), seconds.toFixed(1)]);
  }
  table.push([`stack → ${result.meta.kind}`, '', result.meta.testAccuracy.toFixed(4), '', (result.timings.metaFitMs / 1000).toFixed(1)]);
  console.log(table.toString());
  console.log(`weights: ${result.meta.weightsMeaning}`);
  console.log('the stack on the test rows:');
  for (const line of reportLines(result.meta.testReport)) console.log(`  ${line}`);
  const warning = majorityWarning(result.meta.testReport);
  if (warning) console.error(warning);
  const t = result.timings;
  console.log(`${result.folds}-fold stack on ${result.rows.train} training rows: ${(t.totalMs / 1000).toFixed(1)} s total (base learners ${(t.baseFitMs / 1000).toFixed(1)} s, meta ${(t.metaFitMs / 1000).toFixed(2)} s, test predictions ${(t.predictMs / 1000).toFixed(2)} s)`);
}

// `stacklab sweep`: a grid of hidden sizes × learning rates × weight decays, every cell cross-validated over seeds ×
// folds, each hidden size one MlpBatch; table, JSON and an HTML heatmap; the best cell refitted and tested once.
import type { Command } from 'commander';
import {
  adapterLine,
  closeEngine,
  type Engine,
  runSweep,
  type SweepOptions,
  type SweepResult,
  defaultTrainOptions,
  type ResultEnv,
  noProgress,
  loadCsvDataset,
  plusMinus,
  sweepPage,
  writeFileAtomic,
  writeJson,
} from '../node.js';
import { addDatasetOptions, csvOptions, type DatasetFlags, commaList, fraction, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from './options.js';
import { terminalTable } from '../terminal/terminal.js';
import { progressBars } from '../terminal/progressBars.js';
import { nodeResultEnv, openCliEngine } from './cliEngine.js';

/** The grid's own settings as runSweep takes them, under their flag names (--lr, --weight-decay). */
export interface SweepCommandOptions extends Pick<SweepOptions, 'seeds' | 'folds' | 'epochs' | 'batchSize' | 'testSize' | 'seed'>, DatasetFlags {
  hidden: number[];
  lr: number[];
  weightDecay: number[];
  json?: string;
  html?: string;
  /** Progress bar on stderr even when it is not a terminal. */
  progress?: boolean;
  /** No bar, no table; for tests. */
  quiet?: boolean;
}

export type SweepJson = { env: ResultEnv; data: string; settings: Omit<SweepCommandOptions, 'json' | 'html' | 'progress' | 'quiet' | 'label' | 'ignore' | 'data'> } & SweepResult;

const list = (name: string, parse: (name: string) => (value: string) => number) => (value: string) => commaList(value).map(parse(name));

export function registerSweep(program: Command): void {
  addDatasetOptions(program.command('sweep').description('cross-validated grid over hidden size, learning rate and weight decay, each hidden size trained as one batch'))
    .option('--hidden <sizes>', 'hidden layer sizes to try (one hidden layer)', list('--hidden', positiveInt), [32, 64])
    .option('--lr <rates>', 'Adam learning rates to try', list('--lr', positiveNumber), [defaultTrainOptions.learningRate])
    .option('--weight-decay <values>', 'weight decays to try', list('--weight-decay', nonNegativeNumber), [0])
    .option('--seeds <n>', 'seeds per cell (each its own folds and initial weights)', positiveInt('--seeds'), 2)
    .option('--folds <k>', 'stratified folds per seed', positiveInt('--folds'), 3)
    .option('--epochs <n>', 'training epochs', positiveInt('--epochs'), defaultTrainOptions.epochs)
    .option('--batch-size <n>', 'mini-batch size', positiveInt('--batch-size'), defaultTrainOptions.batchSize)
    .option('--test-size <fraction>', 'held-out fraction, stratified, tested once with the best cell', fraction('--test-size'), 0.2)
    .option('--seed <n>', 'seed for the test split; seeds run seed, seed + 1, …', nonNegativeInt('--seed'), 0)
    .option('--json <file>', 'write the result (with env) as JSON')
    .option('--html <file>', 'write an HTML heatmap of the grid')
    .option('--progress', 'show the progress bar on stderr even when it is not a terminal')
    .action(async (options: SweepCommandOptions) => {
      await sweepCommand(options);
    });
}

export async function sweepCommand(options: SweepCommandOptions, engine?: Engine): Promise<SweepJson> {
  const dataset = loadCsvDataset(options.data, csvOptions(options), options.quiet ? undefined : (line) => console.error(line));
  const gpu = engine ?? (await openCliEngine());
  const bars = options.quiet ? noProgress : progressBars(options.progress === true);
  const { data, json: jsonFile, html, quiet, progress: _progress, label: _label, ignore: _ignore, ...settings } = options;
  const bar = bars(`sweep: epochs of ${options.hidden.length} hidden size(s)`, options.hidden.length * options.epochs);
  try {
    const result = await runSweep(gpu, dataset, {
      ...settings,
      learningRates: options.lr,
      weightDecays: options.weightDecay,
      onEpoch: (hi, epoch) => bar.update(hi * options.epochs + epoch + 1),
    });
    const json: SweepJson = { env: nodeResultEnv(gpu), data, settings, ...result };
    if (!quiet) printSweep(json, gpu);
    if (jsonFile) writeJson(jsonFile, json);
    if (html) writeFileAtomic(html, sweepPage({ data, seeds: options.seeds, folds: options.folds, cells: result.cells, best: result.best }, adapterLine(gpu.facts)));
    return json;
  } finally {
    bar.end();
    if (!engine) closeEngine(gpu);
  }
}

function printSweep(json: SweepJson, engine: Engine): void {
  const table = terminalTable({ head: ['hidden', 'lr', 'weight decay', `accuracy (${json.settings.seeds} seeds × ${json.settings.folds} folds)`] });
  for (const c of json.cells) table.push([c.hidden, c.learningRate, c.weightDecay, plusMinus(c.accuracy)]);
  console.log(adapterLine(engine.facts));
  console.log(table.toString());
  const b = json.best;
  console.log(`best: hidden ${b.hidden}, lr ${b.learningRate}, weight decay ${b.weightDecay} (${plusMinus(b.accuracy)}); refitted on ${json.rows.train} rows, test accuracy ${b.testAccuracy.toFixed(4)} on ${json.rows.test} held-out rows`);
}

// `stacklab stack --repeats N`: the stack experiment on N seeded stratified splits (seed, seed + 1, …), one after
// another (each stack already fits its mlp folds as one batch); mean ± sd of every model's test accuracy with the
// per-split table, in the terminal, JSON and HTML.
import {
  type Dataset,
  meanSd,
  type MeanSd,
  adapterLine,
  type Engine,
  runStackExperiment,
  type StackResult,
  type ResultEnv,
  plusMinus,
  stackRepeatsPage,
  writeFileAtomic,
  writeJson,
} from '../node.js';
import type { StackCommandOptions } from './stackCommandOptions.js';
import { terminalTable } from '../terminal/terminal.js';
import { nodeResultEnv } from './cliEngine.js';

export interface StackRepeatsJson {
  env: ResultEnv;
  repeats: number;
  /** Test accuracy mean ± sd over the splits: the stack's and each base model's. */
  summary: { stack: MeanSd; base: Record<string, MeanSd> };
  splits: StackResult[];
}

export async function stackRepeatsCommand(options: StackCommandOptions & { repeats: number; base: string[] }, dataset: Dataset, engine: Engine): Promise<StackRepeatsJson> {
  const log = options.quiet ? undefined : (line: string) => console.error(`  ${line}`);
  const splits: StackResult[] = [];
  for (let r = 0; r < options.repeats; r++) {
    log?.(`split ${r + 1}/${options.repeats} (seed ${options.seed + r})`);
    splits.push(await runStackExperiment(engine, dataset, { ...options, seed: options.seed + r, log }));
  }
  const base = Object.fromEntries(splits[0].baseModels.map((b, m) => [b.name, meanSd(splits.map((s) => s.baseModels[m].testAccuracy))]));
  const json: StackRepeatsJson = {
    env: nodeResultEnv(engine),
    repeats: options.repeats,
    summary: { stack: meanSd(splits.map((s) => s.meta.testAccuracy)), base },
    splits,
  };
  const page = options.html ? stackRepeatsPage(json, adapterLine(engine.facts)) : null;
  if (!options.quiet) printRepeats(json);
  if (options.json) writeJson(options.json, json);
  if (options.html && page) writeFileAtomic(options.html, page);
  return json;
}

function printRepeats(json: StackRepeatsJson): void {
  const names = Object.keys(json.summary.base);
  const table = terminalTable({ head: ['seed', ...names.map((n) => `${n} test acc`), `stack → ${json.splits[0].meta.kind}`, 'total s'] });
  for (const s of json.splits) table.push([s.seed, ...s.baseModels.map((b) => b.testAccuracy.toFixed(4)), s.meta.testAccuracy.toFixed(4), (s.timings.totalMs / 1000).toFixed(1)]);
  table.push(['mean ± sd', ...names.map((n) => plusMinus(json.summary.base[n])), plusMinus(json.summary.stack), '']);
  console.log(table.toString());
}

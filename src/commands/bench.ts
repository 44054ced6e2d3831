// `stacklab bench SUITE…`: custom kernels against the tfjs ops doing the same work, on either host; the suites
// run where the engine is (Node, or inside the page), and every file is written here, on the Node side.
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import {
  type BenchOptions,
  type BenchProgress,
  type BenchRun,
  compareWithBaseline,
  describeRegressions,
  regressionRule,
  type SavedRun,
  adapterName,
  markdownReport,
  profileTables,
  terminalTable,
  terminalKernelTables,
  traceFile,
  parseShapes,
  rangeShapes,
  outlierRule,
  quantumThresholdNs,
  findSuites,
  suites,
  suiteNames,
  type KernelCheck,
  type CaseResult,
  BadInputError,
  FileFormatError,
  type ResultEnv,
  htmlReport,
  writeFileAtomic,
  writeJson,
  readKernels,
  describePeak,
  type Tolerance,
  openBenchModel,
  benchRows,
  serveBenchModel,
} from '../node.js';
import { flag } from '../flags.js';
import { fieldBar, type FieldBar } from '../terminal/progressBars.js';
import { mergeCommand } from './benchMerge.js';
import { openBenchSession, type BenchSession } from './benchSession.js';
import { watchKernels } from './benchWatch.js';
import { collectDefines, defineHelp, singleDefines, toleranceHelp, toleranceOption, withDefines } from './kernelOptions.js';
import { browserEndpointOption, commaList, hostOption, positiveInt, positiveNumber, tfjsKernelsOption, type HostChoice } from './options.js';

interface BenchCliOptions {
  host: HostChoice;
  browserEndpoint?: string;
  shapes?: string;
  range?: string;
  peak?: boolean;
  sweep?: 'quick' | 'full';
  transposed?: boolean;
  samples: number;
  json?: string;
  md?: string;
  html?: string;
  trace?: string;
  baseline?: string;
  kernel: string[];
  checkShapes?: string;
  define: string[];
  tolerance?: Tolerance | 'float32';
  dispatchTimeout?: number;
  watch?: boolean;
  merge?: string[];
  from?: string;
  batch?: number[];
  inputShape: number[][];
  data?: string;
  progress?: boolean;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('time custom kernels against the tfjs ops doing the same work, on the same device and inputs')
    .argument('[suites...]', `one or more of: ${suiteNames().join(', ')}`)
    .addOption(hostOption())
    .addOption(browserEndpointOption())
    .addOption(tfjsKernelsOption())
    .option('--shapes <list>', `comma-separated shapes instead of the built-in sweep; per suite: ${suites.map((s) => `${s.name} ${s.shapeMeaning}`).join('; ')}`)
    .option('--range <FROM..TOxFACTOR>', 'instead of --shapes: square shapes from FROM to TO, each FACTOR times the last (e.g. 128..4096x2), for a throughput-against-size chart')
    .option('--peak', 'measure the adapter\'s attainable FMA throughput and bandwidth first (as info --peak), and give each row its % of the roofline')
    .addOption(new Option('--sweep <sweep>', 'built-in shapes: quick (default on a fallback adapter) or full (default on a GPU: square 256…4096, batch 32…8192 layers)').choices(['quick', 'full']))
    .option('--transposed', 'with --shapes, also time the Aᵀ, Bᵀ and AᵀBᵀ matmul forms (the built-in sweeps always do)')
    .option('--samples <n>', 'steady-state wall-clock samples per case and implementation (≥ 2)', positiveInt('--samples'), 10)
    .option('--json <file>', 'write results, comparisons and env as JSON')
    .option('--md <file>', 'write a Markdown table')
    .option('--html <file>', 'write one self-contained page with charts')
    .option('--trace <file>', 'write Chrome trace-event JSON (chrome://tracing, ui.perfetto.dev)')
    .option('--baseline <file>', 'compare with a saved --json run; exit 1 naming every case slower beyond its noise')
    .option('--kernel <file>', 'a WGSL kernel of your own (docs/kernels.md), checked against the float64 reference, then timed beside the built-ins; repeatable', (file: string, files: string[]) => [...files, file], [])
    .option('--check-shapes <list>', 'with --kernel: more shapes to check the kernels on, after their contract\'s (comma-separated, e.g. 64x64x2048)')
    .option('-D, --define <NAME=VALUE>', defineHelp, collectDefines, [])
    .option('--tolerance <rtol=R,atol=A>', toleranceHelp, toleranceOption)
    .option('--dispatch-timeout <seconds>', 'the longest one dispatch of a check or a timing may take before the run is stopped (default: 10 s plus its work at a pessimistic CPU-emulation rate)', positiveNumber('--dispatch-timeout'))
    .option('--watch', 'with --kernel: check and time again each time a kernel file is saved (quick sweep unless --sweep/--shapes)')
    .option('--from <model>', 'bench model: a tfjs LayersModel or GraphModel (its directory, its model.json, or an http(s) URL)')
    .option('--batch <list>', 'bench model: the batch of each call, comma-separated for several (default 1)', batchList)
    .option('--input-shape <dims>', 'bench model: an input\'s dimensions after the batch where the model leaves some free, e.g. 224x224x3; once per input, in order', (dims: string, all: number[][]) => [...all, inputDims(dims)], [])
    .option('--data <name|file>', 'bench model: feature rows of a bundled dataset or CSV file (label column left out) as the model\'s input instead of random values')
    .option('--progress', 'show the progress bar on stderr even when it is not a terminal')
    .option('--merge <files...>', 'instead of running: put saved --json runs (other machines, adapters, hosts) side by side per adapter, in the table and --md/--html')
    .action(async (names: string[], options: BenchCliOptions) => {
      if (options.merge) return mergeCommand(names, options.merge, options);
      if (names.length === 0) throw new BadInputError(`bench: name one or more suites (${suiteNames().join(', ')}), or --merge saved runs`);
      findSuites(names);
      checkModelOptions(names, options);
      const baseline = options.baseline ? readBaseline(options.baseline) : undefined;
      const defines = singleDefines(options.define);
      const rows = options.data ? benchRows(options.data, Math.max(...(options.batch ?? [1]))) : undefined;
      const model = options.from ? await openBenchModel(options.from, options.inputShape, rows) : undefined;
      const served = model && options.host === 'browser' ? serveBenchModel(model) : undefined;
      const benchOptions: BenchOptions = {
        suites: names,
        shapes: options.batch ? options.batch.map((n) => [n]) : shapesOf(options),
        peak: options.peak,
        sweep: options.sweep ?? (options.watch ? 'quick' : undefined),
        transposed: options.transposed ?? false,
        samples: options.samples,
        minMs: flag('BENCH_MIN_MS'),
        kernels: withDefines(readKernels(options.kernel), defines),
        checkShapes: options.checkShapes ? parseShapes(options.checkShapes) : undefined,
        tolerance: options.tolerance,
        dispatchTimeoutMs: options.dispatchTimeout === undefined ? undefined : options.dispatchTimeout * 1000,
        model: served?.model ?? model,
      };
      try {
        const session = await openBenchSession(options.host, options.browserEndpoint, served?.extraRoots);
        try {
          if (options.watch) return await watchKernels(options.kernel, (kernels) => benchOnce(session, { ...benchOptions, kernels: withDefines(kernels, defines) }, options, baseline));
          await benchOnce(session, benchOptions, options, baseline);
        } finally {
          await session.close();
        }
      } finally {
        served?.remove();
      }
    });
}

function shapesOf(options: BenchCliOptions): number[][] | undefined {
  if (options.shapes && options.range) throw new BadInputError('bench: give --shapes or --range, not both');
  return options.range ? rangeShapes(options.range) : options.shapes ? parseShapes(options.shapes) : undefined;
}

/** `--batch 1,8` → [1, 8]. */
function batchList(text: string): number[] {
  return commaList(text).map(positiveInt('--batch'));
}

/** `--input-shape 224x224x3` → [224, 224, 3]. */
function inputDims(text: string): number[] {
  const dims = text.split('x').map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d <= 0)) throw new BadInputError(`--input-shape: "${text}" is not positive integers joined by x (e.g. 224x224x3)`);
  return dims;
}

/** --from, --batch, --input-shape and --data belong to the model suite, which needs --from. */
function checkModelOptions(names: readonly string[], options: BenchCliOptions): void {
  const modelNamed = names.includes('model');
  if (modelNamed && !options.from) throw new BadInputError('bench model: name the model with --from DIR|model.json|URL');
  if (options.from && !modelNamed) throw new BadInputError(`--from is for bench model; the suites named are ${names.join(', ')}`);
  if ((options.batch || options.inputShape.length || options.data) && !modelNamed) throw new BadInputError('--batch, --input-shape and --data are for bench model');
  if (options.batch && (options.shapes || names.length > 1)) throw new BadInputError('--batch sets bench model\'s batches: run it without --shapes and without other suites');
}

/** One run with its table, files and exit status. */
async function benchOnce(session: BenchSession, benchOptions: BenchOptions, options: BenchCliOptions, baseline: SavedRun | undefined): Promise<void> {
  const { env, run } = await withProgress(options.progress === true, (progress) => session.run(benchOptions, progress));
  console.log(`adapter: ${adapterName(env)}; host ${env.host}; sweep ${run.sweep}`);
  if (run.peak) console.log(describePeak(run.peak));
  for (const check of run.kernelChecks) console.log(describeCheck(check));
  console.log(terminalTable(run.results, run.comparisons));
  for (const table of profileTables(run.results)) console.log(table);
  for (const table of terminalKernelTables(run.results)) console.log(table);
  const failed = run.results.filter((r) => !r.ok);
  for (const r of failed) console.log(describeFailure(r));
  const unusableClock = run.results.filter((r) => r.gpuClock.status !== 'ok');
  if (unusableClock.length) console.log(`GPU timestamps not reported for ${unusableClock.length} result(s): ${unusableClock[0].gpuClock.status}: ${unusableClock[0].gpuClock.detail}`);
  writeOutputs(options, env, run);
  if (baseline) checkBaseline(options.baseline!, baseline, { env, results: run.results });
  if (failed.length) process.exitCode = 1;
}

function describeCheck(check: KernelCheck): string {
  return (
    `kernel ${check.name} (${check.file}${defineText(check.defines)}): ${check.suite}, tile ${check.tile.rows}x${check.tile.cols}: matches the float64 reference (bound: ${check.bound}) on ${check.shapesChecked.length} shapes ` +
    `(${check.shapesChecked.join(', ')}), deterministic, no write past an output's end; worst error ${(check.worstErrorOverBound * 100).toFixed(1)}% of its bound`
  );
}

function defineText(defines: Record<string, number>): string {
  return Object.entries(defines).map(([name, value]) => ` -D ${name}=${value}`).join('');
}

/** Names the row at fault: its error against what, and the timed runs' problems. */
function describeFailure(r: CaseResult): string {
  const delta = `max |Δ| from the ${r.errorAgainst} ${r.maxAbsErr.toExponential(2)}`;
  // Against the float64 reference each element has its own bound and `tolerance` is the largest: a row can fail
  // with its max |Δ| under it, and without timed-run problems that is still the reason to name.
  const error =
    r.maxAbsErr > r.tolerance
      ? `${delta} > ${r.tolerance.toExponential(2)} (${r.toleranceRule})`
      : r.problems?.length
        ? ''
        : `${delta}, within the largest bound ${r.tolerance.toExponential(2)} but some element beyond its own (${r.toleranceRule})`;
  return `${r.suite} ${r.case}: ${r.impl} is wrong: ${[error, ...(r.problems ?? [])].filter(Boolean).join('; ')}`;
}

/** `asked`: the bar off a terminal too (--progress). The run says how many cases it has with its first report. */
async function withProgress<T>(asked: boolean, work: (progress: (p: BenchProgress) => void) => Promise<T>): Promise<T> {
  let bar: FieldBar<{ label: string }> | undefined;
  try {
    return await work((p) => {
      bar ??= fieldBar({ progress: asked }, { format: 'bench [{bar}] {value}/{total} cases  {label}', clearOnComplete: true }, p.total, { label: p.label });
      bar.update(p.done, { label: p.label });
    });
  } finally {
    bar?.end();
  }
}

function writeOutputs(options: BenchCliOptions, env: ResultEnv, run: BenchRun): void {
  if (options.json) {
    writeJson(options.json, {
      env,
      sweep: run.sweep,
      rules: {
        outliers: outlierRule,
        gpuClock: `GPU timestamps are reported only when every pass's delta is non-negative, not all zero, none zero, and their common divisor is below ${quantumThresholdNs} ns`,
        regression: regressionRule,
      },
      kernels: run.kernelChecks,
      ...(run.peak ? { peak: run.peak } : {}),
      results: run.results,
      comparisons: run.comparisons,
    });
  }
  if (options.md) writeFileAtomic(options.md, markdownReport(env, run.results, run.comparisons, run.kernelChecks, run.peak));
  if (options.html) writeFileAtomic(options.html, htmlReport(env, run.results, run.comparisons, run.kernelChecks, run.peak));
  if (options.trace) writeJson(options.trace, traceFile(env, run.slices, `stacklab bench ${[...new Set(run.results.map((r) => r.suite))].join(' ')}`));
}

function readBaseline(file: string): SavedRun {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SavedRun;
  } catch (error) {
    throw new FileFormatError(`--baseline ${file}: ${(error as Error).message}`);
  }
}

function checkBaseline(file: string, baseline: SavedRun, current: SavedRun): void {
  const comparison = compareWithBaseline(baseline, current);
  console.log(`baseline ${file}: ${comparison.compared} case(s) compared${comparison.unmatched.length ? `, ${comparison.unmatched.length} not in the baseline` : ''}; rule: ${regressionRule}`);
  if (comparison.regressions.length) {
    process.exitCode = 1;
    console.error(`regressions against ${file}:\n${describeRegressions(comparison)}`);
  } else console.log('no regressions');
}

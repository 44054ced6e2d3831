// `stacklab tune --kernel FILE.wgsl`: every combination of a user kernel's parameters checked, the passing ones
// timed per shape (src/bench/userKernel/autotune.ts); prints each combination's outcome and each shape's timings,
// caches the best values per kernel and shape beside the matmul winners, and writes everything to --json.
import {
  adapterKey,
  adapterLine,
  closeEngine,
  definesText,
  parseShapes,
  readKernels,
  readTuneCache,
  tuneUserKernel,
  writeJson,
  writeTuneCache,
  type Engine,
  type KernelTuneResult,
  type Tolerance,
  type TuningTable,
} from '../node.js';
import { flag } from '../flags.js';
import { terminalTable } from '../terminal/terminal.js';
import { cliTuneCachePath, nodeResultEnv, openCliEngine } from './cliEngine.js';
import { parseDefines } from './kernelOptions.js';

/** The options of `tune` that `--kernel` reads. */
export interface TuneKernelOptions {
  kernel: string[];
  define: string[];
  tolerance?: Tolerance | 'float32';
  shapes?: string;
  samples: number;
  json?: string;
  cache: boolean;
}

function printResult(result: KernelTuneResult): void {
  const checks = terminalTable({ head: [`${result.kernel}: combination`, 'launch', 'checks'] });
  for (const c of result.candidates) {
    const launch = c.tile ? `workgroup ${c.workgroup?.join('x') ?? '?'}, tile ${c.tile.rows}x${c.tile.cols}` : '';
    checks.push([definesText(c.defines), launch, c.ok ? `pass (${c.check!.shapesChecked.length} shapes, bound ${c.check!.bound})` : `FAIL: ${c.reason!.split('\n').slice(0, 4).join(' / ')}`]);
  }
  console.log(checks.toString());
  for (const shape of result.shapes) {
    const table = terminalTable({ head: [`${result.kernel} ${shape.shape}`, 'wall ms (median)', 'MAD', 'GPU ms', 'GFLOP/s', 'GB/s'] });
    for (const t of shape.timings) {
      const cells = [t.wallMs.median, t.wallMs.mad, t.gpuMs?.median ?? null, t.gflops, t.gbps].map((x) => (x === null ? '—' : x.toPrecision(3)));
      table.push([`${definesText(t.defines)}${t === shape.timings[0] ? ' ★' : ''}`, ...cells]);
    }
    console.log(table.toString());
  }
}

function cacheBest(engine: Engine, results: readonly KernelTuneResult[]): string {
  const file = cliTuneCachePath();
  const table: TuningTable = readTuneCache(file) ?? { version: 1, adapters: {} };
  const key = adapterKey(engine.facts);
  const { vendor, architecture, description } = engine.facts;
  const entry = table.adapters[key] ?? { adapter: { vendor, architecture, description }, date: '', winners: {} };
  const kernels = { ...entry.kernels };
  for (const r of results) kernels[r.kernel] = { ...kernels[r.kernel], ...Object.fromEntries(r.shapes.map((s) => [s.shape, s.best])) };
  table.adapters[key] = { ...entry, date: new Date().toISOString(), kernels };
  writeTuneCache(table, file);
  return file;
}

/** Tunes every --kernel file on one Node engine. */
export async function tuneKernels(options: TuneKernelOptions): Promise<void> {
  const sources = readKernels(options.kernel);
  const defines = parseDefines(options.define);
  const shapes = options.shapes ? parseShapes(options.shapes) : undefined;
  const engine = await openCliEngine();
  try {
    console.log(adapterLine(engine.facts));
    const results: KernelTuneResult[] = [];
    for (const source of sources) {
      const result = await tuneUserKernel(engine, source, { shapes, defines, samples: options.samples, minMs: flag('BENCH_MIN_MS'), tolerance: options.tolerance }, (line) => console.error(line));
      printResult(result);
      results.push(result);
    }
    for (const r of results) for (const s of r.shapes) console.log(`best for ${r.kernel} on ${s.shape}: ${definesText(s.best)} (${s.timings[0].wallMs.median.toFixed(3)} ms)`);
    const cache = options.cache ? cacheBest(engine, results) : null;
    if (cache) console.log(`best values cached for "${adapterKey(engine.facts)}" in ${cache}`);
    if (options.json) writeJson(options.json, { env: nodeResultEnv(engine), samples: options.samples, minSampleMs: flag('BENCH_MIN_MS'), kernels: results, cache });
  } finally {
    closeEngine(engine);
  }
}

// `stacklab tune`: measures every matmul variant that applies to each shape on this adapter, prints the timings,
// and caches the winners per adapter and shape bucket for the chooser; every engine the hosts open carries that
// table (src/host/tuneCacheFile.ts). `tune --kernel FILE.wgsl` tunes a user kernel's parameters instead
// (tuneKernel.ts).
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  parseShapes as parseDimsList,
  adapterLine,
  closeEngine,
  type Engine,
  createArray,
  destroyArray,
  randomFloats,
  seededRandom,
  adapterKey,
  type TuningTable,
  shapeBucket,
  deviceMisfit,
  matmulVariants,
  shapeMisfit,
  threadsOf,
  workgroupBytes,
  type MatmulDims,
  BadInputError,
  timeVariant,
  type VariantTiming,
  writeJson,
  readTuneCache,
  writeTuneCache,
} from '../node.js';
import { flag } from '../flags.js';
import { terminalTable } from '../terminal/terminal.js';
import { positiveInt } from './options.js';
import { cliTuneCachePath, nodeResultEnv, openCliEngine } from './cliEngine.js';
import { collectDefines, defineHelp, toleranceHelp, toleranceOption } from './kernelOptions.js';
import { tuneKernels, type TuneKernelOptions } from './tuneKernel.js';

/** Square products a GPU is usually judged on, then dense-layer shapes: forward (batch × out × in), the weight
 * gradient (in × out × batch: K large, M·N small) and a small-batch inference. */
const defaultShapes = '256x256x256,512x512x512,1024x1024x1024,2048x2048x2048,4096x4096x4096,1024x512x784,784x512x4096,512x10x8192,64x64x8192,16x1024x1024';

export function parseShapes(text: string): MatmulDims[] {
  return parseDimsList(text).map((dims) => {
    if (dims.length !== 3) throw new BadInputError(`--shapes: "${dims.join('x')}" is not MxNxK (e.g. 1024x1024x1024)`);
    const [M, N, K] = dims;
    return { M, N, K };
  });
}

interface ShapeResult {
  shape: string;
  M: number;
  N: number;
  K: number;
  bucket: string;
  timings: VariantTiming[];
  skipped: { variant: string; why: string }[];
  winner: string;
}

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description('time every matmul variant on each shape on this adapter (Node) and cache the fastest per shape bucket; with --kernel, tune a WGSL kernel\'s parameters')
    .option('--shapes <list>', `MxNxK,… to measure (default ${defaultShapes}; with --kernel: its suite's bench sweep)`)
    .option('--kernel <file>', 'tune this WGSL kernel (docs/kernel-lab.md) over its parameters\' values (header NAME=v1,v2 or -D): each combination checked, then timed per shape; repeatable', (file: string, files: string[]) => [...files, file], [])
    .option('-D, --define <NAME=V1,V2>', `with --kernel: the values to try for a parameter, over the header's list; ${defineHelp}`, collectDefines, [])
    .option('--tolerance <rtol=R,atol=A>', toleranceHelp, toleranceOption)
    .option('--list', 'print the variants and exit')
    .option('--samples <n>', 'timed samples per variant', positiveInt('--samples'), 5)
    .option('--json <file>', 'write env, every timing and the winners as JSON')
    .option('--no-cache', 'measure only; leave the tune cache as it is')
    .action(async (options: { shapes?: string; list?: boolean; samples: number; json?: string; cache: boolean } & TuneKernelOptions) => {
      if (options.list) return printVariants();
      if (options.kernel.length) return tuneKernels(options);
      const shapes = parseShapes(options.shapes ?? defaultShapes);
      const engine = await openCliEngine();
      try {
        console.log(adapterLine(engine.facts));
        const results: ShapeResult[] = [];
        for (const dims of shapes) results.push(await tuneShape(engine, dims, options.samples));
        const winners = Object.fromEntries(results.map((r) => [r.bucket, r.winner]));
        const cacheFile = cliTuneCachePath();
        if (options.cache) {
          const table: TuningTable = readTuneCache(cacheFile) ?? { version: 1, adapters: {} };
          const key = adapterKey(engine.facts);
          const { vendor, architecture, description } = engine.facts;
          table.adapters[key] = { ...table.adapters[key], adapter: { vendor, architecture, description }, date: new Date().toISOString(), winners: { ...table.adapters[key]?.winners, ...winners } };
          writeTuneCache(table, cacheFile);
          engine.tuning = table;
          console.log(`winners cached for "${key}" in ${cacheFile}`);
        }
        if (options.json) {
          const env = nodeResultEnv(engine);
          writeJson(options.json, { env, samples: options.samples, minSampleMs: flag('BENCH_MIN_MS'), shapes: results, winners, cache: options.cache ? cacheFile : null });
        }
      } finally {
        closeEngine(engine);
      }
    });
}

function printVariants(): void {
  const table = terminalTable({ head: ['variant', 'shader', 'tile M×N×K', 'per thread', 'threads', 'workgroup memory', 'applies to'] });
  for (const v of matmulVariants) {
    const applies = [
      v.shader === 'vec4' ? 'N and the rows of A and B multiples of 4' : 'any shape',
      v.checkBounds ? '' : 'M, N, K multiples of the tile',
      v.splitK ? 'two passes (prepareMatmulSteps)' : '',
    ].filter(Boolean);
    table.push([v.name, v.shader, `${v.tileM}×${v.tileN}×${v.tileK}`, `${v.threadM}×${v.threadN}`, threadsOf(v), `${workgroupBytes(v)} B`, applies.join('; ')]);
  }
  console.log(table.toString());
  console.log(`force one with STACKLAB_MATMUL_VARIANT=<variant>; current tune cache: ${cliTuneCachePath()}${fs.existsSync(cliTuneCachePath()) ? '' : ' (none yet)'}`);
}

async function tuneShape(engine: Engine, dims: MatmulDims, samples: number): Promise<ShapeResult> {
  const { M, N, K } = dims;
  const shape = `${M}x${N}x${K}`;
  const random = seededRandom(M * 31 + N * 17 + K);
  const a = createArray(engine, `tune ${shape} A`, [M, K], randomFloats(M * K, random));
  const b = createArray(engine, `tune ${shape} B`, [K, N], randomFloats(K * N, random));
  const c = createArray(engine, `tune ${shape} C`, [M, N]);
  const timings: VariantTiming[] = [];
  const skipped: ShapeResult['skipped'] = [];
  try {
    for (const variant of matmulVariants) {
      const why = deviceMisfit(variant, engine.device.limits) ?? shapeMisfit(variant, dims);
      if (why) skipped.push({ variant: variant.name, why });
      else timings.push(await timeVariant(engine, { a, b, c }, variant, { samples, minMs: flag('BENCH_MIN_MS') }));
    }
  } finally {
    [a, b, c].forEach(destroyArray);
  }
  const winner = timings.reduce((best, t) => (t.medianMs < best.medianMs ? t : best)).variant;
  const table = terminalTable({ head: [`${shape} (bucket ${shapeBucket(dims)})`, 'median ms', 'GFLOP/s', 'clock', 'dispatches/sample'] });
  for (const t of [...timings].sort((x, y) => x.medianMs - y.medianMs)) {
    table.push([`${t.variant}${t.variant === winner ? ' ★' : ''}`, t.medianMs.toFixed(3), t.gflops.toFixed(2), t.clock, t.dispatches]);
  }
  console.log(table.toString());
  for (const s of skipped) console.log(`  skipped ${s.variant}: ${s.why}`);
  return { shape, M, N, K, bucket: shapeBucket(dims), timings, skipped, winner };
}

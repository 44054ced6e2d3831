// `stacklab tune --kernel FILE.wgsl` as a researcher uses it: the values of a parameter (a const of the shader) are
// each compiled and checked against the float64 reference, the ones that pass are timed per shape, and the fastest
// is reported, written to --json and cached per adapter; the ones that fail are listed with the reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab tune --kernel');
const dir = suiteTempDir(test, 'stacklab-kernel-tune-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const example = (name: string) => path.join(path.dirname(cli), '..', 'examples', 'kernels', name);
const file = (name: string) => path.join(dir, name);

function stacklab(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, STACKLAB_BENCH_MIN_MS: '20', STACKLAB_TUNE_CACHE: file('tune.json') } });
}

interface Saved {
  kernels: {
    kernel: string;
    params: Record<string, number[]>;
    candidates: { defines: Record<string, number>; ok: boolean; reason?: string; tile?: { rows: number; cols: number } }[];
    shapes: { shape: string; best: Record<string, number>; timings: { defines: Record<string, number>; wallMs: { median: number }; gflops: number }[] }[];
  }[];
}

test('tiled.wgsl over TILE=8,40,32: 8 does not compile and 40 leaves outputs unwritten, both listed and not timed; 32 is timed, best, saved and cached', () => {
  const run = stacklab('tune', '--kernel', example('tiled.wgsl'), '-D', 'TILE=8,40,32', '--shapes', '33x17x9', '--samples', '2', '--json', file('tune-result.json'));
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const saved = JSON.parse(fs.readFileSync(file('tune-result.json'), 'utf8')) as Saved;
  const [tiled] = saved.kernels;
  assert.equal(tiled.params, { TILE: [8, 40, 32] });
  assert.equal(tiled.candidates.map((c) => [c.defines.TILE, c.ok]), [[8, false], [40, false], [32, true]]);
  assert.match(tiled.candidates[0].reason!, /tiled\.wgsl does not compile/);
  assert.match(tiled.candidates[1].reason!, /check shapes fail .*refused before any timing/);
  assert.equal(tiled.candidates[2].tile, { rows: 32, cols: 32 });
  const [shape] = tiled.shapes;
  assert.equal(shape.timings.map((t) => t.defines), [{ TILE: 32 }], 'only the passing combination is timed');
  assert.equal(shape.best, { TILE: 32 });
  assert.ok(shape.timings[0].wallMs.median > 0 && shape.timings[0].gflops > 0);
  assert.match(run.stdout, /best for tiled on 33x17x9: TILE=32/);
  assert.match(run.stdout, /TILE=40 .*FAIL: /);
  const cache = JSON.parse(fs.readFileSync(file('tune.json'), 'utf8'));
  const adapter = Object.values(cache.adapters)[0] as { kernels: Record<string, Record<string, Record<string, number>>> };
  assert.equal(adapter.kernels.tiled['33x17x9'], { TILE: 32 });
});

test('a kernel with no parameters is told how to give some', () => {
  const run = stacklab('tune', '--kernel', example('naive.wgsl'), '--shapes', '8x8x8', '--no-cache');
  assert.is(run.status, 2, run.stderr);
  assert.match(run.stderr, /naive\.wgsl: nothing to tune: list a parameter's values in the header \(e\.g\. TILE=16,32,64/);
});

test.run();

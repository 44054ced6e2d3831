// `stacklab bench --kernel FILE.wgsl` as a researcher uses it: the shipped examples are checked against the
// float64 reference and timed beside the built-ins in every report, on both hosts; the wrong one is refused
// before any timing, naming its worst element; compile and header mistakes point at file:line:col.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHeader } from '../../src/bench/userKernel/header.js';
import { KernelSourceError } from '../../src/bench/userKernel/errors.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab bench --kernel');
const dir = suiteTempDir(test, 'stacklab-kernel-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const examples = path.join(path.dirname(cli), '..', 'examples', 'kernels');
const file = (name: string) => path.join(dir, name);
const example = (name: string) => path.join(examples, name);
const fixture = (name: string) => path.join(path.dirname(cli), '..', 'test', 'fixtures', 'kernels', name);

function stacklab(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, STACKLAB_BENCH_MIN_MS: '20' } });
}

interface Row {
  suite: string;
  case: string;
  impl: string;
  ok: boolean;
  maxAbsErr: number;
  errorAgainst: string;
  problems?: string[];
  tolerance: number;
  gflops?: number;
  gbps?: number;
}

function rowsOf(json: string): { results: Row[]; comparisons: { candidate: string; baseline: string; speedup: number }[]; kernels: { name: string; worstErrorOverBound: number }[] } {
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}

test('tiled.wgsl and naive.wgsl: accepted, timed beside custom and tfjs in the JSON, Markdown, HTML and trace', () => {
  const outputs = ['--json', file('r.json'), '--md', file('r.md'), '--html', file('r.html'), '--trace', file('t.json')];
  const run = stacklab('bench', 'matmul', '--shapes', '64x64x64,100x70x33', '--samples', '2', '--kernel', example('tiled.wgsl'), '--kernel', example('naive.wgsl'), ...outputs);
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /kernel tiled \(.*tiled\.wgsl\): matmul, tile 64x64: matches the float64 reference \(bound: float32\) on 9 shapes/);
  const result = rowsOf(file('r.json'));
  assert.equal(result.kernels.map((k) => k.name), ['tiled', 'naive']);
  for (const name of ['64x64x64', '100x70x33']) {
    assert.equal(result.results.filter((r) => r.case === name).map((r) => r.impl), ['custom', 'tfjs', 'tiled', 'naive']);
    for (const r of result.results.filter((x) => x.case === name)) {
      assert.is(r.ok, true, `${name} ${r.impl}: off by ${r.maxAbsErr} > ${r.tolerance}`);
      assert.ok(r.gflops! > 0);
    }
  }
  const tiledVsTfjs = result.comparisons.filter((c) => c.candidate === 'tiled' && c.baseline === 'tfjs');
  assert.is(tiledVsTfjs.length, 2);
  assert.ok(tiledVsTfjs.every((c) => c.speedup > 0));
  const md = fs.readFileSync(file('r.md'), 'utf8');
  assert.match(md, /\| matmul \| 100x70x33 \| tiled \|/);
  assert.match(md, /## Kernel checks/);
  assert.match(md, /\| tiled \| matmul \| 64x64 \| float32 \| 61x67x131 \| pass \| 4087 \|/);
  assert.not.match(md, /speedup = tfjs/);
  const html = fs.readFileSync(file('r.html'), 'utf8');
  assert.ok(html.includes('"impl":"naive"'));
  assert.match(html, /<th>wall ms \(median\)<\/th>/);
  assert.match(html, /<h2>Kernel checks<\/h2>/);
  assert.match(html, /<td>naive<\/td><td>matmul<\/td><td>16x16<\/td><td>float32<\/td><td>257x2x31<\/td><td>pass<\/td>/);
  assert.match(html, /c\.candidate \+ ' vs ' \+ c\.baseline/, 'a speedup series for every pair, not only custom against tfjs');
  const lanes = new Set(JSON.parse(fs.readFileSync(file('t.json'), 'utf8')).traceEvents.map((e: { args?: { name?: string } }) => e.args?.name));
  assert.ok(lanes.has('tiled (wall clock)'), `no trace lane for tiled: ${[...lanes].join(', ')}`);
});

test('wrong.wgsl: refused before any timing, naming the worst element, its value, the expected value, error and bound', () => {
  const run = stacklab('bench', 'matmul', '--shapes', '64x64x64', '--kernel', example('wrong.wgsl'), '--json', file('wrong.json'));
  assert.is.not(run.status, 0);
  assert.match(run.stderr, /FAIL 1x1x1: 1 of 1 element\(s\) of C beyond their bound/);
  assert.match(run.stderr, /wrong\.wgsl: wrong result on matmul 1x1x1 \(MxNxK\): worst element C\[0, 0\] \(index 0\) = 0, expected -?[0-9.e-]+ \(float64 reference\), error [0-9.e+-]+ > bound [0-9.e+-]+/);
  assert.match(run.stderr, /refused before any timing/);
  assert.not.ok(fs.existsSync(file('wrong.json')), 'no result file for a refused kernel');
  assert.not.match(run.stdout, /wall ms/);
});

/** A wrong kernel's refusal: exit 2, nothing timed, the shapes listed pass or FAIL. */
function refused(kernel: string): string {
  const run = stacklab('bench', 'matmul', '--shapes', '64x64x64', '--kernel', fixture(kernel));
  assert.is(run.status, 2, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, new RegExp(`${kernel.replace('.', '\\.')}: \\d+ of 9 check shapes fail \\(MxNxK\\); refused before any timing`));
  assert.not.match(run.stdout, /wall ms/);
  return run.stderr;
}

test('a kernel that adds into its output (C[i] += s) is refused: the output starts as NaN, not zeros', () => {
  assert.match(refused('accumulates.wgsl'), /FAIL 61x67x131: 4087 of 4087 element\(s\) of C beyond their bound \(4087 NaN: never written, or added to instead of written\)/);
});

test('a store past the end of the output is refused as an out-of-bounds write with its offset, whatever the order of stores', () => {
  assert.match(refused('past-end.wgsl'), /FAIL 64x64x64: out-of-bounds write to C: 1 element\(s\) past its end written, the first at offset \+0 \(index 4096\)/);
});

test('a racy kernel is refused: two runs on the same inputs differ', () => {
  // Which workgroup writes C[0] last depends on the threads' timing; over six multi-workgroup shapes some differ.
  assert.match(refused('racy.wgsl'), /not deterministic: 1 element\(s\) of C differ between two runs on the same inputs/);
});

test('a kernel right only on some shapes: every shape is run and listed, pass or FAIL with its mismatch count', () => {
  const message = refused('some-shapes.wgsl');
  assert.match(message, /6 of 9 check shapes fail/);
  for (const shape of ['1x10x64', '64x64x64', '128x96x80']) assert.match(message, new RegExp(`\n  pass ${shape}\n`));
  assert.match(message, /\n  FAIL 61x67x131: 4087 of 4087 element\(s\) of C beyond their bound\n/);
  assert.match(message, /\n  FAIL 33x17x1031: \d+ of 561 element\(s\) of C beyond their bound\n/);
});

test('past the check shapes: the row that differs from the float64 reference is named, custom is not; the timed runs are checked again', () => {
  const kernels = ['--kernel', fixture('long-k.wgsl'), '--kernel', fixture('accumulates-when-timed.wgsl')];
  const run = stacklab('bench', 'matmul', '--shapes', '64x64x2048', '--samples', '2', ...kernels, '--check-shapes', '20x30x40', '--json', file('blame.json'));
  assert.is(run.status, 1, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /kernel long-k \(.*\): matmul, tile 16x16: matches the float64 reference \(bound: float32\) on 10 shapes \(1x1x1, .*, 257x2x31, 20x30x40\), deterministic/);
  assert.match(run.stdout, /matmul 64x64x2048: long-k is wrong: max \|Δ\| from the float64 reference [0-9.e+]+ > /);
  assert.match(run.stdout, /matmul 64x64x2048: accumulates-when-timed is wrong: 4096 output element\(s\) after the timed runs differ from the first run's/);
  const { results } = rowsOf(file('blame.json'));
  const ok = Object.fromEntries(results.map((r) => [r.impl, r.ok]));
  assert.equal(ok, { custom: true, tfjs: true, 'long-k': false, 'accumulates-when-timed': false });
  assert.ok(results.every((r) => r.errorAgainst === 'float64 reference'));
  const custom = results.find((r) => r.impl === 'custom')!;
  assert.ok(custom.maxAbsErr <= custom.tolerance, 'custom\'s error is its own distance from the reference, not long-k\'s');
  assert.ok(results.find((r) => r.impl === 'accumulates-when-timed')!.problems![0].includes('timed runs'));
});

test('the dense-forward, dense-backward and combine examples follow their contracts', () => {
  const kernels = ['dense-forward', 'dense-backward', 'combine'].flatMap((name) => ['--kernel', example(`${name}.wgsl`)]);
  const run = stacklab('bench', 'dense-forward', 'dense-backward', 'combine', '--shapes', '7x13x5', '--samples', '2', ...kernels, '--json', file('suites.json'));
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const { results } = rowsOf(file('suites.json'));
  for (const name of ['dense-forward', 'dense-backward', 'combine']) {
    const row = results.find((r) => r.suite === name && r.impl === name);
    assert.ok(row?.ok, `${name}: ${JSON.stringify(row)}`);
  }
});

test('with --host browser the WGSL text goes through the bridge and the rows come back the same way', () => {
  const run = stacklab('bench', 'matmul', '--host', 'browser', '--shapes', '33x17x9', '--samples', '2', '--kernel', example('tiled.wgsl'), '--json', file('browser.json'));
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const tiled = rowsOf(file('browser.json')).results.find((r) => r.impl === 'tiled');
  assert.ok(tiled?.ok, JSON.stringify(tiled));
  const refused = stacklab('bench', 'matmul', '--host', 'browser', '--shapes', '33x17x9', '--kernel', example('wrong.wgsl'));
  assert.is.not(refused.status, 0);
  assert.match(refused.stderr, /worst element C\[0, 0\]/);
  assert.not.match(refused.stderr, /127\.0\.0\.1/, 'no page stack trace in the message');
});

test('a compile error is shown as file:line:col with the line and a caret', () => {
  fs.writeFileSync(file('broken.wgsl'), '// @stacklab kernel=matmul workgroup=8x8\n@compute @workgroup_size(8, 8)\nfn main() { let x: f32 = 1u; }\n');
  const run = stacklab('bench', 'matmul', '--shapes', '8x8x8', '--kernel', file('broken.wgsl'));
  assert.is.not(run.status, 0);
  assert.match(run.stderr, new RegExp(`${file('broken.wgsl').replace(/[.\\/]/g, '\\$&')}:3:\\d+: error: `));
  assert.match(run.stderr, /fn main\(\) \{ let x: f32 = 1u; \}\n\s+\^/);
});

test('a kernel whose bindings do not fit the contract is told the contract', () => {
  const naive = fs.readFileSync(example('naive.wgsl'), 'utf8');
  fs.writeFileSync(file('readonly.wgsl'), naive.replace('var<storage, read_write> C', 'var<storage, read> C').replace('C[row * dims.N + col] = sum;', 'let unused = C[0] + sum;'));
  const run = stacklab('bench', 'matmul', '--shapes', '8x8x8', '--kernel', file('readonly.wgsl'));
  assert.is.not(run.status, 0);
  assert.match(run.stderr, /entry point main does not fit the matmul contract/);
  assert.match(run.stderr, /@group\(0\) @binding\(2\) var<storage, read_write> C: array<f32>;/);
});

test('the header agrees with the shader: workgroup= against @workgroup_size, naming both values and places', () => {
  const naive = fs.readFileSync(example('naive.wgsl'), 'utf8');
  fs.writeFileSync(file('small.wgsl'), naive.replace('workgroup=16x16', 'workgroup=8x8'));
  const run = stacklab('bench', 'matmul', '--shapes', '8x8x8', '--kernel', file('small.wgsl'));
  assert.is(run.status, 2, run.stderr);
  assert.match(run.stderr, /small\.wgsl:1:1: the header says workgroup=8x8, but entry point main has @workgroup_size\(16, 16\) at .*small\.wgsl:\d+:\d+; make them the same/);
});

test('binding types and workgroup limits are the user\'s errors: exit 2 at file:line, the binding list only where bindings are the cause', () => {
  const naive = fs.readFileSync(example('naive.wgsl'), 'utf8');
  fs.writeFileSync(file('vec4.wgsl'), naive.replace('var<storage, read> A: array<f32>;', 'var<storage, read> A: array<vec4<f32>>;').replace('sum += A[row * dims.K + k]', 'sum += A[(row * dims.K + k) / 4u].x'));
  const vec4 = stacklab('bench', 'matmul', '--shapes', '8x8x8', '--kernel', file('vec4.wgsl'));
  assert.is(vec4.status, 2, vec4.stderr);
  const line = naive.split('\n').findIndex((l) => l.includes('@binding(0)')) + 1;
  assert.match(vec4.stderr, new RegExp(`vec4\\.wgsl:${line}:\\d+: binding 0 \\(A\\) does not fit the matmul contract: .*too small`));
  assert.match(vec4.stderr, /@group\(0\) @binding\(0\) var<storage, read> A: array<f32>;/);

  fs.writeFileSync(file('big.wgsl'), naive.replace('workgroup=16x16', 'workgroup=32x32').replace('@workgroup_size(16, 16)', '@workgroup_size(32, 32)'));
  const big = stacklab('bench', 'matmul', '--shapes', '8x8x8', '--kernel', file('big.wgsl'));
  assert.is(big.status, 2, big.stderr);
  const at = naive.split('\n').findIndex((l) => l.includes('@workgroup_size')) + 1;
  assert.match(big.stderr, new RegExp(`big\\.wgsl:${at}:\\d+: the workgroup of entry point main does not fit this device: .*1024`));
  assert.not.match(big.stderr, /contract's bindings/);
});

test('the header: grid from tile=ROWSxCOLS, or one output per thread from workgroup=XxY; mistakes name file:line', () => {
  const suites = ['matmul', 'dense-backward'];
  const header = (line: string) => parseHeader({ file: 'k/my.wgsl', code: `// comment\n${line}\nfn main() {}` }, suites);
  assert.equal(header('// @stacklab kernel=matmul workgroup=16x16 tile=64x32'), { name: 'my', suite: 'matmul', tile: { rows: 64, cols: 32 }, entries: {}, workgroup: [16, 16, 1], params: {}, line: 2 });
  assert.equal(header('// @stacklab kernel=matmul workgroup=32x8').tile, { rows: 8, cols: 32 });
  assert.equal(header('// @stacklab kernel=dense-backward workgroup=8x8 entry.inputGradient=dx entry.weightGradient=dw').entries, { inputGradient: 'dx', weightGradient: 'dw' });
  assert.throws(() => header('// no header'), (e: Error) => e instanceof KernelSourceError && e.message.startsWith('k/my.wgsl:1:1: no "// @stacklab'));
  assert.throws(() => header('// @stacklab kernel=conv tile=8x8'), (e: Error) => /^k\/my\.wgsl:2:1: .*kernel=SUITE, one of matmul, dense-backward \(got "conv"\)/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul tile=0x8'), (e: Error) => /^k\/my\.wgsl:2:1: tile=0x8 is not ROWSxCOLS \(positive integers/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul'), (e: Error) => /needs tile=ROWSxCOLS/.test(e.message));
  // Malformed values are refused, not reinterpreted (tile=16 was read as 16x1, tile=16x16x2 dropped the 2).
  assert.throws(() => header('// @stacklab kernel=matmul tile=16'), (e: Error) => /:2:1: tile=16 is not ROWSxCOLS/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul tile=16x16x2'), (e: Error) => /tile=16x16x2 is not ROWSxCOLS/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul tile=16x1e1'), (e: Error) => /tile=16x1e1 is not ROWSxCOLS/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul workgroup=8x8x2'), (e: Error) => /one output per thread needs a 2-D workgroup/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul tile=8x8 tile=16x16'), (e: Error) => /tile= is given twice/.test(e.message));
  assert.equal(header('// @stacklab kernel=matmul workgroup=64 tile=1x64').workgroup, [64, 1, 1]);
  assert.throws(() => header('// @stacklab kernel=matmul tile=8x8 tiles=4'), (e: Error) => /unknown @stacklab header key\(s\) tiles/.test(e.message));
});

test('the header: a kernel\'s own tolerance (rtol=, atol=), and parameters named after the shader\'s consts', () => {
  const header = (line: string) => parseHeader({ file: 'k/my.wgsl', code: `// comment\n${line}\nconst TILE = 32u;\nconst WG: u32 = 8u;\nfn main() {}` }, ['matmul']);
  assert.equal(header('// @stacklab kernel=matmul workgroup=8x8 rtol=2e-3').tolerance, { rtol: 2e-3, atol: 0, from: 'header' });
  assert.equal(header('// @stacklab kernel=matmul workgroup=8x8 rtol=1e-3 atol=.5').tolerance, { rtol: 1e-3, atol: 0.5, from: 'header' });
  for (const bad of ['rtol=-1', 'rtol=abc', 'atol=1e', 'rtol=Infinity']) {
    assert.throws(() => header(`// @stacklab kernel=matmul workgroup=8x8 ${bad}`), (e: Error) => e instanceof KernelSourceError && /^k\/my\.wgsl:2:1: [ra]tol=.* is not a non-negative number/.test(e.message), bad);
  }
  const tuned = header('// @stacklab kernel=matmul workgroup=WGxWG tile=TILExTILE*2 TILE=16,32,64');
  assert.equal([tuned.tile, tuned.workgroup, tuned.params], [{ rows: 32, cols: 64 }, [8, 8, 1], { TILE: [16, 32, 64] }]);
  assert.throws(() => header('// @stacklab kernel=matmul tile=TILExTILE SIZE=8,16'), (e: Error) => /:2:1: SIZE= names no module-scope "const SIZE = …;"/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul tile=TILExTILE TILE=16,x'), (e: Error) => /TILE=16,x is not a list of positive integers/.test(e.message));
  assert.throws(() => header('// @stacklab kernel=matmul tile=TILExNOPE'), (e: Error) => /tile=TILExNOPE is not ROWSxCOLS/.test(e.message));
});

test('tolerance as a setting: a TF32-rounding kernel passes its header\'s rtol, is refused at float32\'s bound, and the bound used is in the results', () => {
  const run = stacklab('bench', 'matmul', '--shapes', '33x17x9', '--samples', '2', '--kernel', example('tf32.wgsl'), '--json', file('tf32.json'), '--md', file('tf32.md'));
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /kernel tf32 \(.*\): matmul, tile 16x16: matches the float64 reference \(bound: rtol = 0\.002, atol = 0 \(header\)\)/);
  const saved = JSON.parse(fs.readFileSync(file('tf32.json'), 'utf8'));
  assert.equal(saved.kernels[0].tolerance, { rtol: 0.002, atol: 0, from: 'header' });
  const rows = Object.fromEntries((saved.results as (Row & { toleranceRule: string })[]).map((r) => [r.impl, r]));
  assert.match(rows.tf32.toleranceRule, /atol \+ rtol·\(\|A\|·\|B\|\)\[i\], rtol = 0\.002, atol = 0 \(header\)/);
  assert.match(rows.custom.toleranceRule, /γ_K·\(\|A\|·\|B\|\)\[i\], K = 9/, 'the built-ins keep the float32 bound');
  assert.ok(rows.tf32.maxAbsErr > rows.custom.tolerance, 'tf32 is off by more than float32 allows');
  assert.match(fs.readFileSync(file('tf32.md'), 'utf8'), /\| tf32 \| matmul \| 16x16 \| rtol = 0\.002, atol = 0 \(header\) \| 61x67x131 \| pass \|/);

  // --tolerance wins over the header: float32's bound refuses it, and a tighter rtol does too.
  for (const tolerance of ['float32', 'rtol=1e-5']) {
    const strict = stacklab('bench', 'matmul', '--shapes', '33x17x9', '--kernel', example('tf32.wgsl'), '--tolerance', tolerance);
    assert.is(strict.status, 2, `${tolerance}: ${strict.stdout}\n${strict.stderr}`);
    assert.match(strict.stderr, /tf32\.wgsl: \d+ of 9 check shapes fail/);
    assert.match(strict.stderr, tolerance === 'float32' ? /> bound [0-9.e+-]+ \(γ_K·\(\|A\|·\|B\|\)\[i\], K = \d+\)/ : /\(atol \+ rtol·\(\|A\|·\|B\|\)\[i\], rtol = 0\.00001, atol = 0 \(--tolerance\)\)/);
  }
  const malformed = stacklab('bench', 'matmul', '--shapes', '33x17x9', '--kernel', example('tf32.wgsl'), '--tolerance', 'rtol=1e-3;atol=0');
  assert.is(malformed.status, 2, malformed.stderr);
  assert.match(malformed.stderr, /--tolerance rtol=1e-3;atol=0: "rtol=1e-3;atol=0" is not rtol=R or atol=A/);
});

test('-D NAME=VALUE sets a const of the shader before the header and the grid are read', () => {
  const run = stacklab('bench', 'matmul', '--shapes', '33x17x9', '--samples', '2', '--kernel', example('tiled.wgsl'), '-D', 'TILE=32');
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /kernel tiled \(.*tiled\.wgsl -D TILE=32\): matmul, tile 32x32: matches/);
  const missing = stacklab('bench', 'matmul', '--shapes', '33x17x9', '--kernel', example('tiled.wgsl'), '-D', 'TILES=32');
  assert.is(missing.status, 2, missing.stderr);
  assert.match(missing.stderr, /tiled\.wgsl: -D TILES=32: the shader has no module-scope "const TILES = …;" to set/);
});

test.run();

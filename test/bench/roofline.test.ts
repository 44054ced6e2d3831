// The roofline as a researcher reads it: `info --peak` measures the adapter's attainable FMA throughput and
// bandwidth with checked microbenchmarks; `bench --peak` puts every row on the roofline (work, intensity, % of the
// attainable peak, launch) in the JSON, Markdown and HTML, and `--range` gives the throughput-against-size sweep.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rangeShapes } from '../../src/bench/shapes.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('roofline');
const dir = suiteTempDir(test, 'stacklab-roofline-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const example = (name: string) => path.join(path.dirname(cli), '..', 'examples', 'kernels', name);
const file = (name: string) => path.join(dir, name);

function stacklab(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, STACKLAB_BENCH_MIN_MS: '20' } });
}

test('--range FROM..TOxFACTOR: square shapes growing by the factor; anything else is refused', () => {
  assert.equal(rangeShapes('128..4096x2'), [128, 256, 512, 1024, 2048, 4096].map((n) => [n, n, n]));
  assert.equal(rangeShapes('100..300x1.5', 2), [[100, 100], [150, 150], [225, 225]]);
  for (const bad of ['128..64x2', '128..4096', '128..4096x1', 'a..bx2']) assert.throws(() => rangeShapes(bad), /--range: .* is not FROM\.\.TOxFACTOR/, bad);
});

test('info --peak: attainable GFLOP/s and GB/s, each microbenchmark checked before its number is reported', () => {
  const run = stacklab('info', '--peak', '--json', file('info.json'));
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /peak: [0-9.e-]+ GFLOP\/s f32 FMA \(.*\), [0-9.e-]+ GB\/s copy .*; ridge at [0-9.e-]+ flop\/byte; checked: FMA chains: .*; copy: .* bit for bit/);
  const { peak } = JSON.parse(fs.readFileSync(file('info.json'), 'utf8'));
  assert.ok(peak.gflops > 0 && peak.gbps > 0, JSON.stringify(peak));
  assert.ok(Math.abs(peak.ridge - peak.gflops / peak.gbps) < 1e-9 * peak.ridge);
  assert.is(peak.checks.length, 3);
});

test('bench --peak --range: every row with its work, intensity, % of the attainable peak and launch; the roofline in the Markdown and HTML', () => {
  const outputs = ['--json', file('r.json'), '--md', file('r.md'), '--html', file('r.html')];
  const run = stacklab('bench', 'matmul', '--range', '16..32x2', '--peak', '--samples', '2', '--kernel', example('tiled.wgsl'), ...outputs);
  assert.is(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const saved = JSON.parse(fs.readFileSync(file('r.json'), 'utf8'));
  assert.ok(saved.peak.gflops > 0);
  assert.equal([...new Set(saved.results.map((r: { case: string }) => r.case))], ['16x16x16', '32x32x32']);
  for (const r of saved.results) {
    assert.equal(r.work, { flops: 2 * r.shape.M * r.shape.N * r.shape.K, bytes: 4 * (r.shape.M * r.shape.K + r.shape.K * r.shape.N + r.shape.M * r.shape.N) });
    assert.ok(r.intensity > 0 && r.percentOfPeak > 0, `${r.case} ${r.impl}: ${r.intensity}, ${r.percentOfPeak}`);
  }
  const tiled = saved.results.find((r: { impl: string }) => r.impl === 'tiled');
  assert.equal(tiled.launch, { dispatches: [{ name: 'tiled main', grid: [1, 1, 1] }], workgroupSize: [16, 16, 1], tile: { rows: 64, cols: 64 } });
  const md = fs.readFileSync(file('r.md'), 'utf8');
  assert.match(md, /## Roofline\n\npeak: /);
  assert.match(md, /\| matmul \| 32x32x32 \| tiled \| [0-9.e-]+ \| [0-9.e-]+ \| 5\.333 \| [0-9.e-]+ \| [0-9.e-]+ \| [0-9.]+% \| tiled main: 1×1×1; workgroup 16×16×1; tile 64×64 \|/);
  const html = fs.readFileSync(file('r.html'), 'utf8');
  assert.match(html, /<h2>Roofline<\/h2>/);
  assert.match(html, /roofline \(measured peak\)/);
  assert.match(html, /type: 'logarithmic', title: \{ display: true, text: 'flop\/byte' \}/);
});

test.run();

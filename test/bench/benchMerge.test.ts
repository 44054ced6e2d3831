// `stacklab bench --merge a.json b.json`: saved runs of two adapters side by side, one column per adapter and
// host, one row per suite / case / impl, in the table, Markdown and HTML.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeRuns } from '../../src/bench/reports/merge.js';
import { summarize } from '../../src/bench/stats.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab bench --merge');
const dir = suiteTempDir(test, 'stacklab-merge-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const file = (name: string) => path.join(dir, name);

function savedRun(description: string, host: 'node' | 'browser', rows: [string, string, number][]) {
  return {
    env: { host, date: '2026-12-02T00:00:00Z', adapter: { vendor: 'acme', architecture: '', device: '', description, isFallbackAdapter: false } },
    results: rows.map(([name, impl, ms]) => ({ suite: 'matmul', case: name, impl, wallMs: summarize([ms, ms, ms]), gflops: (2 * 64 ** 3) / (ms * 1e6), ok: true })),
  };
}

const gpuA = savedRun('GPU A', 'node', [['64x64x64', 'custom', 0.5], ['64x64x64', 'tfjs', 1], ['64x64x64', 'tiled', 0.25]]);
const gpuB = savedRun('GPU B', 'browser', [['64x64x64', 'custom', 2], ['64x64x64', 'tfjs', 4]]);

test('rows are the union of both runs, cells line up by adapter, a missing result is null', () => {
  const merged = mergeRuns([{ file: 'a.json', run: gpuA as never }, { file: 'b.json', run: gpuB as never }]);
  assert.equal(merged.columns.map((c) => c.label), ['acme / GPU A, node', 'acme / GPU B, browser']);
  assert.equal(merged.rows.map((r) => r.impl), ['custom', 'tfjs', 'tiled']);
  assert.equal(merged.rows[1].cells.map((c) => c?.wallMs.median), [1, 4]);
  assert.is(merged.rows[2].cells[1], null);
});

test('two runs of one adapter and host are told apart by file name', () => {
  const merged = mergeRuns([{ file: 'x/before.json', run: gpuA as never }, { file: 'x/after.json', run: gpuA as never }]);
  assert.equal(merged.columns.map((c) => c.label), ['acme / GPU A, node (before.json)', 'acme / GPU A, node (after.json)']);
});

test('the command prints the table and writes Markdown and HTML; it refuses suites and single files', () => {
  fs.writeFileSync(file('a.json'), JSON.stringify(gpuA));
  fs.writeFileSync(file('b.json'), JSON.stringify(gpuB));
  const run = spawnSync(process.execPath, [cli, 'bench', '--merge', file('a.json'), file('b.json'), '--md', file('m.md'), '--html', file('m.html')], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /acme \/ GPU A, node .* acme \/ GPU B, browser/);
  const md = fs.readFileSync(file('m.md'), 'utf8');
  assert.match(md, /\| matmul \| 64x64x64 \| tfjs \| 1\.000 ms, 0\.5243 GFLOP\/s \| 4\.000 ms, 0\.1311 GFLOP\/s \|/);
  assert.match(md, /\| matmul \| 64x64x64 \| tiled \| 0\.2500 ms, 2\.097 GFLOP\/s \| — \|/);
  assert.ok(fs.readFileSync(file('m.html'), 'utf8').includes('"label":"acme / GPU B, browser"'));

  const withSuite = spawnSync(process.execPath, [cli, 'bench', 'matmul', '--merge', file('a.json'), file('b.json')], { encoding: 'utf8' });
  assert.is.not(withSuite.status, 0);
  assert.match(withSuite.stderr, /takes no suites/);
  const single = spawnSync(process.execPath, [cli, 'bench', '--merge', file('a.json')], { encoding: 'utf8' });
  assert.match(single.stderr, /two or more/);
});

test.run();

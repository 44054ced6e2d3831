// The bench command end to end, as a user runs it: one tiny run checks the JSON contract, the comparison,
// the trace, and that a doctored baseline makes the command fail naming the cases.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareWithBaseline } from '../../src/bench/reports/baseline.js';
import { summarize } from '../../src/bench/stats.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab bench');
const dir = suiteTempDir(test, 'stacklab-bench-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const file = (name: string) => path.join(dir, name);

function stacklab(...args: string[]) {
  // A short steady state keeps the test quick; the statistics do not depend on it.
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, STACKLAB_BENCH_MIN_MS: '40' } });
}

test('bench matmul --shapes 64x64x64,128x96x80 --samples 5: checked results, speedups, a trace, and a failing doctored baseline', () => {
  const info = stacklab('info', '--json', file('info.json'));
  assert.is(info.status, 0, info.stderr);
  const { env } = JSON.parse(fs.readFileSync(file('info.json'), 'utf8'));
  // A baseline no implementation can meet: 1 ns per case.
  const impossible = summarize([1e-6, 1e-6, 1e-6]);
  const doctored = ['64x64x64', '128x96x80'].flatMap((name) => ['custom', 'tfjs'].map((impl) => ({ suite: 'matmul', case: name, impl, wallMs: impossible })));
  fs.writeFileSync(file('doctored.json'), JSON.stringify({ env, results: doctored }));

  const run = stacklab('bench', 'matmul', '--shapes', '64x64x64,128x96x80', '--samples', '5', '--json', file('f.json'), '--trace', file('t.json'), '--baseline', file('doctored.json'));
  assert.is(run.status, 1, `a regression must fail the command\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(fs.readFileSync(file('f.json'), 'utf8'));
  // A case is a regression when it is slower beyond both runs' noise; a run on a busy machine can be noisy enough
  // to excuse one, so the cases the command must name are the ones the rule flags on this run's own statistics.
  const flagged = compareWithBaseline({ env, results: doctored as never }, result).regressions.map((r) => r.key);
  assert.ok(flagged.length >= 1, 'a baseline of 1 ns per case is beaten beyond the noise somewhere');
  for (const name of ['matmul 64x64x64 custom', 'matmul 64x64x64 tfjs', 'matmul 128x96x80 custom', 'matmul 128x96x80 tfjs']) {
    assert.is(run.stderr.includes(name + ':'), flagged.includes(name), `${name}: named ${run.stderr.includes(name + ':')}, flagged by the rule ${flagged.includes(name)}\n${run.stderr}`);
  }

  assert.is(result.env.adapter.description, env.adapter.description);
  assert.ok(result.env.flags && 'BENCH_MIN_MS' in result.env.flags);
  for (const name of ['64x64x64', '128x96x80']) {
    for (const impl of ['custom', 'tfjs']) {
      const r = result.results.find((x: { case: string; impl: string }) => x.case === name && x.impl === impl);
      assert.ok(r, `no result for ${name} ${impl}`);
      assert.is(r.ok, true, `${name} ${impl}: custom and tfjs disagree by ${r.maxAbsErr}`);
      assert.ok(r.maxAbsErr <= r.tolerance);
      assert.ok(r.wallMs.median > 0 && r.samples === 5);
      assert.ok(r.gflops > 0);
    }
    const comparison = result.comparisons.find((c: { case: string }) => c.case === name);
    assert.equal([comparison.baseline, comparison.candidate], ['tfjs', 'custom']);
    assert.ok(comparison.speedup > 0);
  }

  const trace = JSON.parse(fs.readFileSync(file('t.json'), 'utf8'));
  const slices = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
  assert.ok(slices.length > 0 && slices.every((e: { ts: number; dur: number }) => e.ts >= 0 && e.dur >= 0));
});

test.run();

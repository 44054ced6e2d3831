import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AdapterMismatchError, compareWithBaseline, type SavedRun } from '../../src/bench/reports/baseline.js';
import type { CaseResult } from '../../src/bench/results.js';
import { summarize } from '../../src/bench/stats.js';
import type { ResultEnv } from '../../src/results/env.js';

const test = suite('bench --baseline');

const adapter = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true };

function run(samplesByCase: Record<string, number[]>, onAdapter = adapter): SavedRun {
  const results = Object.entries(samplesByCase).map(([name, samples]) => ({ suite: 'matmul', case: name, impl: 'custom', wallMs: summarize(samples) }) as CaseResult);
  return { env: { adapter: onAdapter } as ResultEnv, results };
}

const steady = (ms: number) => [0.98, 1.01, 0.99, 1.02, 1.0, 1.03, 0.97].map((f) => f * ms);

test('a baseline claiming twice the speed flags exactly the cases that got slower, by name', () => {
  const baseline = run({ '64x64x64': steady(5), '128x96x80': steady(10) });
  const current = run({ '64x64x64': steady(10), '128x96x80': steady(10) });
  const comparison = compareWithBaseline(baseline, current);
  assert.is(comparison.compared, 2);
  assert.equal(comparison.regressions.map((r) => r.key), ['matmul 64x64x64 custom']);
  assert.ok(Math.abs(comparison.regressions[0].ratio - 2) < 1e-9);
});

test('a slowdown within the noise of both runs is not a regression', () => {
  const noisy = [8, 12, 9, 11, 10, 14, 6];
  const comparison = compareWithBaseline(run({ a: noisy }), run({ a: noisy.map((x) => x * 1.05) }));
  assert.is(comparison.regressions.length, 0);
});

test('cases the baseline lacks are listed, not compared', () => {
  const comparison = compareWithBaseline(run({ a: steady(1) }), run({ a: steady(1), b: steady(1) }));
  assert.equal([comparison.compared, comparison.unmatched], [1, ['matmul b custom']]);
});

test('runs from different adapters are refused', () => {
  const other = { ...adapter, vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', isFallbackAdapter: false };
  assert.throws(() => compareWithBaseline(run({ a: steady(1) }, other), run({ a: steady(1) })), (e: Error) => e instanceof AdapterMismatchError && /different adapters/.test(e.message));
});

test.run();

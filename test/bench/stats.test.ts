import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { quantile } from '../../src/data/quantiles.js';
import { summarize, tQuantile975 } from '../../src/bench/stats.js';

const test = suite('bench statistics');
const close = (got: number, want: number, what: string, within = 1e-9) => assert.ok(Math.abs(got - want) <= within, `${what}: got ${got}, want ${want}`);

test('1…10: median, MAD, p10/p90 (linear interpolation), mean with a t-based 95% interval', () => {
  const s = summarize([7, 3, 10, 1, 5, 2, 9, 4, 8, 6]);
  assert.is(s.n, 10);
  close(s.median, 5.5, 'median');
  close(s.mad, 2.5, 'MAD');
  close(s.p10, 1.9, 'p10');
  close(s.p90, 9.1, 'p90');
  assert.is(s.min, 1);
  assert.is(s.max, 10);
  close(s.mean, 5.5, 'mean');
  // s = √(82.5/9) = 3.02765; t(0.975, 9) = 2.262; half-width = 2.262 · 3.02765 / √10 = 2.16570.
  close(s.ci95![0], 5.5 - 2.1657, 'CI low', 1e-4);
  close(s.ci95![1], 5.5 + 2.1657, 'CI high', 1e-4);
  assert.is(s.outliers, 0);
});

test('an outlier beyond 3·1.4826·MAD is counted and kept in the figures', () => {
  const s = summarize([1, 2, 3, 4, 100]);
  close(s.median, 3, 'median');
  close(s.mad, 1, 'MAD');
  assert.is(s.outliers, 1);
  assert.is(s.n, 5);
  assert.is(s.max, 100);
  close(s.mean, 22, 'mean');
});

test('one sample has no interval; identical samples have no spread and no outliers', () => {
  assert.is(summarize([7]).ci95, null);
  const same = summarize([2, 2, 2, 2]);
  assert.equal([same.mad, same.outliers, same.p10, same.p90], [0, 0, 2, 2]);
  assert.equal(same.ci95, [2, 2]);
});

test('quantiles at the ends are min and max; t quantiles match tables past 30 degrees of freedom', () => {
  assert.is(quantile([1, 2, 3], 0), 1);
  assert.is(quantile([1, 2, 3], 1), 3);
  close(tQuantile975(30), 2.042, 't(30)');
  close(tQuantile975(40), 2.0211, 't(40)', 1e-4);
  close(tQuantile975(120), 1.9799, 't(120)', 1e-4);
});

test('empty or non-finite samples are refused', () => {
  assert.throws(() => summarize([]), /no samples/);
  assert.throws(() => summarize([1, NaN]), /finite/);
});

test.run();

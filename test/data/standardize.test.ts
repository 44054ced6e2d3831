import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Dataset } from '../../src/data/dataset.js';
import { standardizedSplit, standardizeSplit } from '../../src/data/standardize.js';

const test = suite('standardize');

const part = (features: number[], source: string): Dataset => ({
  features: Float32Array.from(features),
  labels: new Uint32Array(features.length / 2),
  rows: features.length / 2,
  cols: 2,
  featureNames: ['a', 'constant'],
  classNames: ['x', 'y'],
  source,
});

test('statistics come from the training rows only; test rows are scaled with them', () => {
  const train = part([1, 5, 3, 5], 'train');
  const held = part([1000, 5, -1000, 7], 'test');
  const { train: t, test: h, standardizer } = standardizeSplit(train, held);
  assert.equal(Array.from(standardizer.mean), [2, 5]);
  assert.equal(Array.from(standardizer.scale), [1, 1]);
  assert.equal(Array.from(t.features), [-1, 0, 1, 0]);
  assert.equal(Array.from(h.features), [998, 0, -1002, 2]);
});

test("the given datasets are left as they were, unless the caller lets them be overwritten (a split's own copies)", () => {
  const train = part([1, 5, 3, 5], 'train');
  const held = part([1000, 5, -1000, 7], 'test');
  standardizeSplit(train, held);
  assert.equal(Array.from(train.features), [1, 5, 3, 5]);
  const { train: t, test: h } = standardizeSplit(train, held, { overwrite: true });
  assert.is(t.features, train.features);
  assert.is(h.features, held.features);
  assert.equal(Array.from(train.features), [-1, 0, 1, 0]);
  assert.equal(Array.from(held.features), [998, 0, -1002, 2]);
});

test('a standardized split standardizes its own copies and leaves the dataset as it was', () => {
  const dataset = { ...part([1, 5, 2, 5, 3, 5, 4, 5, 5, 5, 6, 5, 7, 5, 8, 5], 'table'), labels: Uint32Array.from([0, 0, 0, 0, 1, 1, 1, 1]) };
  const before = Array.from(dataset.features);
  const { train, test: held, standardizer, indices } = standardizedSplit(dataset, 0.25, 3);
  assert.equal(Array.from(dataset.features), before);
  assert.is(train.rows + held.rows, 8);
  assert.equal(Array.from(indices.train).map((row) => Math.fround((dataset.features[row * 2] - standardizer.mean[0]) / standardizer.scale[0])), Array.from({ length: train.rows }, (_, r) => train.features[r * 2]));
});

test.run();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseClassSelection } from '../../src/data/classSelection.js';
import { DataOptionError, DatasetMissingError } from '../../src/data/dataErrors.js';
import { loadFashionMnist } from '../../src/data/fashionMnist.js';
import { loadDataSplit } from '../../src/data/loadDataSplit.js';
import { rejects } from '../support/rejects.js';

const test = suite('fashion-mnist');

test('classes 5-9 keep the official split: 30 000 train and 5 000 test images, relabelled 0..4, pixels in [0, 1]', () => {
  const { train, test: held } = loadFashionMnist({ classes: parseClassSelection('5-9') });
  assert.is(train.rows, 30_000);
  assert.is(held.rows, 5_000);
  assert.equal(train.classNames, ['Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  assert.equal(train.image, { height: 28, width: 28, channels: 1 });
  assert.is(train.features.length, 30_000 * 28 * 28);
  assert.equal(new Set(held.labels), new Set([0, 1, 2, 3, 4]));
  let min = Infinity;
  let max = -Infinity;
  for (const v of train.features) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.is(min, 0);
  assert.is(max, 1);
  assert.match(held.source, /test split/);
});

test('--data fashion-mnist gives both parts; a CSV has no fixed test part and takes no --classes', () => {
  const split = loadDataSplit('fashion-mnist', { classes: [0, 1] });
  assert.is(split.train.rows, 12_000);
  assert.is(split.test?.rows, 2_000);
  assert.is(loadDataSplit('iris').test, null);
  assert.throws(() => loadDataSplit('iris', { classes: [0, 1] }), (e: unknown) => e instanceof DataOptionError && /applies to fashion-mnist/.test(e.message));
});

test('class lists: ranges and indices in the order given; nonsense is refused by name', () => {
  assert.equal(parseClassSelection('5-9'), [5, 6, 7, 8, 9]);
  assert.equal(parseClassSelection('3, 0,7'), [3, 0, 7]);
  for (const bad of ['9-5', 'shoes', '4', '1,1']) assert.throws(() => parseClassSelection(bad), (e: unknown) => e instanceof DataOptionError && e.message.startsWith(`--classes "${bad}"`));
  assert.throws(() => loadFashionMnist({ classes: [8, 10] }), /class 10 does not exist \(classes are 0..9\)/);
});

test('without the package the error names it and how to install it', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-fashion-'));
  try {
    await rejects(() => loadFashionMnist({ dir: empty }), DatasetMissingError, /train-images-idx3-ubyte\.gz is missing; install the package dataset-fashion-mnist \((sudo )?apt-get install -y dataset-fashion-mnist\)/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test.run();

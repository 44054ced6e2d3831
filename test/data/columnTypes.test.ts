import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvDataset } from '../../src/data/csv.js';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { applyEncoder, fitEncoder } from '../../src/data/encode.js';
import { selectRows } from '../../src/data/dataset.js';
import { standardizeSplit } from '../../src/data/standardize.js';
import { toPageDataset } from '../../src/protocol/runData.js';
import { withTempDir } from '../support/tempDir.js';

const test = suite('column types and encoding');

// Adult-like: a numeric column with "?" for missing, a category with "?" and empty cells, a True/False column, a
// date, a row ID and a free-text name. 24 rows, enough for the ID-like checks.
const workclass = ['Private', 'State-gov', 'Private', 'Self-emp', '?', ''];
const adult = [
  'id,age,workclass,married,since,name,income',
  ...Array.from({ length: 24 }, (_, i) =>
    [i + 1, i % 7 === 3 ? '?' : 20 + i, workclass[i % 6], i % 3 === 0 ? 'True' : 'False', `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`, `person ${i}`, i % 2 ? '>50K' : '<=50K'].join(','),
  ),
].join('\n');

test('types are inferred: numeric with missing, categorical, boolean, date; the ID and the names are left out', () => {
  const ds = parseCsvDataset(adult, 'adult.csv');
  assert.equal(ds.featureNames, ['age', 'workclass', 'married', 'since']);
  assert.equal(ds.columns!.map((c) => [c.name, c.kind, c.missing]), [['age', 'numeric', 3], ['workclass', 'categorical', 8], ['married', 'boolean', 0], ['since', 'date', 0]]);
  assert.equal(ds.columns![1].categories, ['Private', 'Self-emp', 'State-gov']);
  // Row 1: married "True" is 1; since 2020-01-01 is day 18262 after 1970-01-01.
  assert.equal(Array.from(ds.features.subarray(2, 4)), [1, 18262]);
  assert.ok(Number.isNaN(ds.features[3 * 4]), 'age "?" on row 4 is missing (NaN)');
});

test('the schema is printed in a few lines: notable columns, the ones left out, the count of plain numbers', async () => {
  await withTempDir('schema', (dir) => {
    const file = path.join(dir, 'adult.csv');
    fs.writeFileSync(file, adult);
    const lines: string[] = [];
    loadCsvDataset(file, {}, (line) => lines.push(line));
    assert.equal(lines.slice(1), [
      '  age        numeric      3 missing',
      '  workclass  categorical  3 values, 8 missing',
      '  married    boolean',
      '  since      date         as days since 1970-01-01',
      '  id         ignored      ID-like: integers counting up by one (--numeric keeps it)',
      '  name       ignored      ID-like: 24 distinct texts in 24 rows',
      '  and 0 numeric columns; label "income" (2 classes)',
    ]);
  });
});

test('--categorical reads numbers as categories, --numeric keeps an ID', () => {
  const ds = parseCsvDataset(adult, 'adult.csv', { categorical: ['age'], numeric: ['id'] });
  assert.equal(ds.featureNames, ['id', 'age', 'workclass', 'married', 'since']);
  assert.is(ds.columns![1].kind, 'categorical');
  assert.is(ds.columns![1].categories!.length, 21);
  assert.throws(() => parseCsvDataset(adult, 'adult.csv', { categorical: ['income'] }), /--categorical names a column that is not a feature/);
});

test('encoding is learned on training rows: their mean fills missing numbers, unseen categories go to (other)', () => {
  const ds = parseCsvDataset('x,color,label\n1,red,a\n?,blue,b\n3,red,a\n5,green,b\n', 'c.csv');
  const train = selectRows(ds, [0, 1, 2]);
  const encoder = fitEncoder(train);
  assert.equal(encoder.featureNames, ['x', 'x (missing)', 'color=red', 'color=blue', 'color=green', 'color=(other)']);
  // green never occurs in the training rows: its slot stays (the widths come from the schema) but learns nothing.
  const test = applyEncoder(encoder, selectRows(ds, [1, 3]));
  assert.equal(Array.from(test.features), [2, 1, 0, 1, 0, 0, 5, 0, 0, 0, 1, 0]);
  assert.is(test.columns, undefined);
});

test('a category past the most frequent 32 shares the (other) slot; standardizeSplit encodes and returns the encoder', () => {
  const text = ['k,label', ...Array.from({ length: 100 }, (_, i) => `c${i % 40},${i % 2}`)].join('\n');
  const ds = parseCsvDataset(text, 'many.csv');
  const { train, encoder } = standardizeSplit(selectRows(ds, Array.from({ length: 60 }, (_, i) => i)), selectRows(ds, [60, 61]));
  assert.is(encoder!.featureNames.length, 33);
  assert.is(train.cols, 33);
  assert.ok(train.features.every(Number.isFinite));
});

test('a raw table (categories, NaN for missing) is kept off the browser host, whose JSON cannot carry NaN', () => {
  assert.throws(() => toPageDataset(parseCsvDataset(adult, 'adult.csv')), /adult\.csv: categorical columns and missing values run on the Node host only/);
});

test.run();

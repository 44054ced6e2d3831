import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvDataset } from '../../src/data/csv.js';
import { describeDialect, sniffDialect } from '../../src/data/csvDialect.js';
import { CsvRecords } from '../../src/data/csvRecords.js';
import { loadCsvDataset } from '../../src/data/loadCsv.js';
import { withTempDir } from '../support/tempDir.js';

const test = suite('csv dialects');

const plain = { features: [1.5, 2, 3, 4.25] };
const features = (text: string, options = {}) => Array.from(parseCsvDataset(text, 'f.csv', options).features);

test('a semicolon file with decimal commas is read once --decimal , is given, and its delimiter is detected', () => {
  const text = 'a;b;label\n1,5;2;no\n3;4,25;yes\n';
  assert.equal(features(text, { decimal: ',' }), plain.features);
  assert.is(describeDialect(sniffDialect(text, { decimal: ',' })), 'delimiter ";" (detected), header row (detected), decimal ","');
});

test('tab- and pipe-separated files are detected, and --delimiter overrides sniffing', () => {
  assert.equal(features('a\tb\tlabel\n1.5\t2\tno\n3\t4.25\tyes\n'), plain.features);
  assert.equal(features('a|b|label\n1.5|2|no\n3|4.25|yes\n'), plain.features);
  assert.is(describeDialect(sniffDialect('a\tb\n1\t2\n')), 'delimiter tab (detected), header row (detected)');
  // Told the delimiter is ";", a comma file is one column: the message points at the delimiter.
  assert.throws(() => parseCsvDataset('a,b,label\n1,2,x\n', 'f.csv', { delimiter: ';' }), /the header is one column when split on ";": pass --delimiter/);
});

test('a headerless file keeps its first row as data, with columns named column_1 … (or when --no-header says so)', () => {
  const ds = parseCsvDataset('1.5,2,0\n3,4.25,1\n5,6,0\n', 'f.csv');
  assert.is(ds.rows, 3);
  assert.equal(ds.featureNames, ['column_1', 'column_2']);
  assert.equal(Array.from(ds.labels), [0, 1, 0]);
  assert.is(sniffDialect('1.5,2,0\n3,4.25,1\n').header, false);
  assert.is(sniffDialect('age,kind\n39,a\n40,b\n').header, true);
  assert.is(sniffDialect('39,State-gov,yes\n50,Private,no\n').header, false);
  assert.is(parseCsvDataset('7,8,a\n9,10,b\n', 'f.csv', { header: false }).rows, 2);
});

test('thousands separators are dropped, and 1 and 1.0 in the label are one class', () => {
  assert.equal(features('a;label\n"1.234,5";1\n2;1.0\n3;2\n', { decimal: ',', thousands: '.' }), [1234.5, 2, 3]);
  const ds = parseCsvDataset('a,label\n1,1\n2,1.0\n3,2\n', 'f.csv');
  assert.equal(ds.classNames, ['1', '2']);
  assert.equal(Array.from(ds.labels), [0, 0, 1]);
});

test('records split across pieces anywhere, even inside a quoted newline, come out whole and numbered', () => {
  const text = 'a,b\n1,"x\ny"\n\n2,"z ""q"""\n3,w';
  const whole: [string[], number][] = [];
  const once = new CsvRecords('f.csv', ',', (fields, row) => whole.push([fields, row]));
  once.push(text);
  once.end();
  assert.equal(whole, [[['a', 'b'], 1], [['1', 'x\ny'], 2], [['2', 'z "q"'], 4], [['3', 'w'], 5]]);
  for (let cut = 0; cut <= text.length; cut++) {
    const got: [string[], number][] = [];
    const pieces = new CsvRecords('f.csv', ',', (fields, row) => got.push([fields, row]));
    pieces.push(text.slice(0, cut));
    pieces.push(text.slice(cut));
    pieces.end();
    assert.equal(got, whole, `cut at ${cut}`);
  }
});

test('loading a file names the dialect it detected', async () => {
  await withTempDir('csv-dialect', (dir) => {
    const file = path.join(dir, 'semi.csv');
    fs.writeFileSync(file, 'a;b;label\n1;2;x\n3;4;y\n');
    const lines: string[] = [];
    assert.is(loadCsvDataset(file, {}, (line) => lines.push(line)).rows, 2);
    assert.equal(lines, [`${file}: delimiter ";" (detected), header row (detected)`, '  2 numeric columns; label "label" (2 classes)']);
  });
});

test.run();

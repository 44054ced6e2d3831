import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCsvDataset } from '../../src/data/csv.js';
import { CsvError } from '../../src/data/csvError.js';
import { loadCsvDataset } from '../../src/data/loadCsv.js';

const test = suite('csv');

function csvError(text: string, options = {}): CsvError {
  try {
    parseCsvDataset(text, 'bad.csv', options);
  } catch (error) {
    assert.instance(error, CsvError);
    return error as CsvError;
  }
  throw new assert.Assertion({ message: `accepted:\n${text}`, generated: false, operator: 'throws', expects: 'CsvError', actual: 'no error' });
}

test('class names map to indices and back; features stay in column order', () => {
  const ds = parseCsvDataset('a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n', 'pets.csv');
  assert.equal(ds.featureNames, ['a', 'b']);
  assert.equal(ds.classNames, ['cat', 'dog']);
  assert.equal(Array.from(ds.labels), [0, 1, 0]);
  assert.equal(Array.from(ds.features), [1, 2, 3, 4, 5, 6]);
  assert.is(ds.rows, 3);
});

test('numeric class names keep their numeric order (2 before 10)', () => {
  const ds = parseCsvDataset('x,label\n1,10\n2,2\n3,1\n', 'n.csv');
  assert.equal(ds.classNames, ['1', '2', '10']);
});

test('without a label column the last column is the label; --label and --ignore pick columns by name', () => {
  assert.equal(parseCsvDataset('x,y,kind\n1,2,a\n3,4,b\n', 'k.csv').classNames, ['a', 'b']);
  const gtzan = 'filename,length,tempo,label\nblues.00000.wav,661794,123.0,blues\nrock.00001.wav,661794,107.6,rock\n';
  const ds = parseCsvDataset(gtzan, 'features_30_sec.csv', { label: 'label', ignore: ['filename'] });
  assert.equal(ds.featureNames, ['length', 'tempo']);
  assert.equal(ds.classNames, ['blues', 'rock']);
  assert.equal(parseCsvDataset(`\ufeff${gtzan}`, 'bom.csv', { ignore: ['filename'] }).featureNames, ['length', 'tempo']);
});

test('a ragged row names the row and both field counts', () => {
  const error = csvError('a,b,label\n1,2,x\n3,y\n');
  assert.is(error.line, 3);
  assert.match(error.message, /bad\.csv: row 3: ragged row: 2 fields, but the header has 3/);
});

test('a text cell in a column --numeric names is refused with row, column and the value', () => {
  const error = csvError('a,b,label\n1,2,x\n3,abc,y\n', { numeric: ['b'] });
  assert.is(error.line, 3);
  assert.is(error.column, '"b" (2)');
  assert.match(error.message, /row 3, column "b" \(2\): "abc" is not a number \(--numeric names this column\)/);
});

test('infinite values name row and column', () => {
  assert.match(csvError('a,b,label\n1,Infinity,x\n3,4,y\n').message, /row 2, column "b" \(2\): "Infinity" is infinite/);
  assert.match(csvError('a,b,label\n1,2,x\n3,1e39,y\n').message, /row 3, column "b" \(2\): "1e39" is infinite \(or beyond float32 range\)/);
});

test('a missing label column names the header row, the column asked for and the columns there are', () => {
  const error = csvError('a,b,label\n1,2,x\n3,4,y\n', { label: 'genre' });
  assert.is(error.line, 1);
  assert.match(error.message, /row 1, column "genre": no label column "genre" in the header; columns are "a", "b", "label"/);
  assert.match(csvError('a,b,label\n1,2,x\n', { ignore: ['filename'] }).message, /row 1, column "filename": --ignore names a column/);
});

test('two columns with the same name are refused, naming the name and both positions', () => {
  const error = csvError('width,height,width,label\n1,2,3,x\n4,5,6,y\n');
  assert.is(error.line, 1);
  assert.is(error.column, '"width"');
  assert.match(error.message, /bad\.csv: row 1, column "width": columns 1 and 3 are both named "width"/);
  // Names are compared as the header is read, spaces trimmed: " label" is the label column again.
  assert.match(csvError('a,label, label\n1,x,y\n2,y,x\n').message, /columns 2 and 3 are both named "label"/);
});

test('an empty file, a header with no rows, and a single class are refused', () => {
  assert.match(csvError('').message, /bad\.csv: the file is empty/);
  assert.match(csvError('\n\n').message, /bad\.csv: the file is empty/);
  assert.match(csvError('a,label\n').message, /header row but no data rows/);
  const single = csvError('a,label\n1,x\n2,x\n');
  assert.is(single.column, '"label"');
  assert.match(single.message, /bad\.csv, column "label": only one class \("x"\) in 2 rows/);
});

test('a missing label names its row and column', () => {
  assert.match(csvError('a,label\n1,x\n2,\n3,y\n').message, /row 3, column "label" \(2\): the label is missing/);
});

test('bundled names resolve to data/NAME.csv; digits has 1797 rows of 64 pixels in 10 classes', () => {
  const digits = loadCsvDataset('digits');
  assert.is(digits.rows, 1797);
  assert.is(digits.cols, 64);
  assert.equal(digits.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.throws(() => loadCsvDataset('no/such/file.csv'), /no\/such\/file\.csv: no such file \(and not a bundled dataset/);
});

test.run();

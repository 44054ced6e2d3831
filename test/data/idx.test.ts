import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFileError } from '../../src/data/dataErrors.js';
import { readIdx } from '../../src/data/idx.js';

const test = suite('idx');
let dir = '';

test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-idx-'));
});
test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An IDX file of unsigned bytes: magic 0x0000 0x08 rank, big-endian dims, then the values. */
function idxBytes(dims: number[], values: number[]): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, dims.length);
  dims.forEach((d, i) => header.setUint32(4 + 4 * i, d, false));
  return Uint8Array.from([...new Uint8Array(header.buffer), ...values]);
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function idxError(file: string): DataFileError {
  try {
    readIdx(file);
  } catch (error) {
    assert.instance(error, DataFileError);
    return error as DataFileError;
  }
  throw new assert.Assertion({ message: `read ${file} without an error`, generated: false, operator: 'throws', expects: 'DataFileError', actual: 'no error' });
}

test('a gzipped IDX file gives its dimensions and values; a plain one reads the same', () => {
  const bytes = idxBytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  for (const file of [write('images-idx3-ubyte.gz', zlib.gzipSync(bytes)), write('images-idx3-ubyte', bytes)]) {
    const idx = readIdx(file);
    assert.equal(idx.dims, [2, 2, 3]);
    assert.equal(Array.from(idx.data), [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  }
});

test('a file shorter than its dimensions say is truncated, and the error names the file and the byte counts', () => {
  const file = write('short-idx1-ubyte.gz', zlib.gzipSync(idxBytes([10], [1, 2, 3])));
  const error = idxError(file);
  assert.is(error.file, file);
  assert.match(error.message, file);
  assert.match(error.message, /truncated: dimensions \[10\] need 10 data bytes after the header, the file has 3/);
});

test('a cut-off gzip stream is reported as corrupt gzip data, naming the file', () => {
  const gz = zlib.gzipSync(idxBytes([64], Array.from({ length: 64 }, (_, i) => i)));
  const file = write('cut.gz', gz.subarray(0, gz.length - 12));
  assert.match(idxError(file).message, /cut\.gz: corrupt or truncated gzip data/);
});

test('a wrong magic number says the file is not IDX', () => {
  const bytes = idxBytes([1], [7]);
  bytes[0] = 0x89;
  assert.match(idxError(write('picture.png', bytes)).message, /picture\.png: wrong magic number 0x89000801: not an IDX file/);
});

test('a missing file names the file', () => {
  assert.match(idxError(path.join(dir, 'absent.gz')).message, /absent\.gz: cannot read: ENOENT/);
});

test.run();

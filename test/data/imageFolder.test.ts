import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFileError, DataOptionError } from '../../src/data/dataErrors.js';
import { loadImageFolder } from '../../src/data/imageFolder.js';
import { loadDataSplit } from '../../src/data/loadDataSplit.js';
import { writeJpeg, writePng } from '../support/imageFiles.js';

const test = suite('image folders');
let root = '';

test.before.each(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-images-'));
});
test.after.each(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function near(actual: ArrayLike<number>, expected: number[], tolerance: number): void {
  assert.is(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) <= tolerance, `value ${i}: ${actual[i]} vs ${e}`));
}

test('subfolders are classes in sorted order; PNG (RGBA, RGB, grey) and JPEG all become RGB in [0, 1]; other files are skipped', () => {
  writePng(path.join(root, 'zebra', 'a.png'), 2, 2, () => [255, 0, 0, 128]);
  writePng(path.join(root, 'zebra', 'b.PNG'), 2, 2, () => [0, 255, 0, 255], 2);
  writePng(path.join(root, 'ant', 'grey.png'), 2, 2, () => [51, 51, 51, 255], 0);
  writeJpeg(path.join(root, 'ant', 'photo.jpg'), 8, 8, () => [0, 0, 255, 255]);
  fs.writeFileSync(path.join(root, 'ant', 'notes.txt'), 'not an image');
  const data = loadImageFolder(root, { height: 2, width: 2, channels: 3 });
  assert.equal(data.classNames, ['ant', 'zebra']);
  assert.equal(Array.from(data.labels), [0, 0, 1, 1]);
  assert.is(data.rows, 4);
  assert.is(data.cols, 12);
  const image = (i: number) => data.features.subarray(i * 12, (i + 1) * 12);
  near(image(0), new Array(4).fill([0.2, 0.2, 0.2]).flat(), 1e-6);
  near(image(1), new Array(4).fill([0, 0, 1]).flat(), 0.02);
  near(image(2), new Array(4).fill([1, 0, 0]).flat(), 1e-6);
  near(image(3), new Array(4).fill([0, 1, 0]).flat(), 1e-6);
});

test('resizing is bilinear with half-pixel centres (TensorFlow 2), and one channel means luma', () => {
  writePng(path.join(root, 'a', 'ramp.png'), 2, 1, (x) => (x === 0 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
  writePng(path.join(root, 'b', 'red.png'), 3, 3, () => [255, 0, 0, 255]);
  const data = loadImageFolder(root, { height: 1, width: 4, channels: 1 });
  near(data.features.subarray(0, 4), [0, 0.25, 0.75, 1], 1e-6);
  near(data.features.subarray(4, 8), [0.299, 0.299, 0.299, 0.299], 1e-6);
});

test('a file that does not decode is named', () => {
  writePng(path.join(root, 'a', 'fine.png'), 2, 2, () => [1, 2, 3, 255]);
  fs.mkdirSync(path.join(root, 'b'));
  const broken = path.join(root, 'b', 'broken.jpg');
  fs.writeFileSync(broken, Buffer.from('this is no jpeg at all'));
  assert.throws(() => loadImageFolder(root, { height: 2, width: 2, channels: 3 }), (e: unknown) => e instanceof DataFileError && e.file === broken && /cannot decode as JPEG/.test(e.message));
  const png = path.join(root, 'b', 'cut.png');
  fs.rmSync(broken);
  const whole = fs.readFileSync(path.join(root, 'a', 'fine.png'));
  fs.writeFileSync(png, whole.subarray(0, whole.length - 20));
  assert.throws(() => loadImageFolder(root, { height: 2, width: 2, channels: 3 }), (e: unknown) => e instanceof DataFileError && e.file === png && /cannot decode as PNG/.test(e.message));
});

test('a class folder without images is named', () => {
  writePng(path.join(root, 'cats', 'a.png'), 2, 2, () => [1, 2, 3, 255]);
  fs.mkdirSync(path.join(root, 'dogs'));
  fs.writeFileSync(path.join(root, 'dogs', 'README'), 'images go here');
  assert.throws(() => loadImageFolder(root, { height: 2, width: 2, channels: 3 }), (e: unknown) => e instanceof DataFileError && e.file === path.join(root, 'dogs') && /no PNG or JPEG images/.test(e.message));
});

test('--data DIR loads the folder at the size asked for, and needs that size', () => {
  writePng(path.join(root, 'a', 'x.png'), 4, 4, () => [10, 20, 30, 255]);
  writePng(path.join(root, 'b', 'y.png'), 4, 4, () => [30, 20, 10, 255]);
  const split = loadDataSplit(root, { image: { height: 3, width: 3, channels: 3 } });
  assert.is(split.test, null);
  assert.is(split.train.cols, 27);
  assert.throws(() => loadDataSplit(root), (e: unknown) => e instanceof DataOptionError && /needs the size/.test(e.message));
});

test.run();

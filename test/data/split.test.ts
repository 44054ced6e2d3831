import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classCounts } from '../../src/data/dataset.js';
import { foldRows, stratifiedKFold } from '../../src/data/kfold.js';
import { stratifiedSplit, trainValidationTestSplit } from '../../src/data/split.js';

const test = suite('stratified split and k-fold');

// 3 classes of 50, 30 and 7 rows, interleaved.
const labels = Uint32Array.from({ length: 87 }, (_, i) => (i < 50 ? 0 : i < 80 ? 1 : 2));

test('an 80/20 split keeps each class share, covers every row once, and is reproducible from its seed', () => {
  const { train, test: held } = stratifiedSplit(labels, 0.2, 3);
  assert.equal(classCounts(Array.from(held, (r) => labels[r]), 3), [10, 6, 1]);
  assert.equal(classCounts(Array.from(train, (r) => labels[r]), 3), [40, 24, 6]);
  const all = [...train, ...held].sort((a, b) => a - b);
  assert.equal(all, Array.from({ length: 87 }, (_, i) => i));
  assert.equal(stratifiedSplit(labels, 0.2, 3), { train, test: held });
  assert.not.equal(Array.from(stratifiedSplit(labels, 0.2, 4).test), Array.from(held));
});

test('the validation part comes from the training side only: no test row is ever in validation or training', () => {
  for (const seed of [0, 1, 2, 3]) {
    const { train, validation, test: held } = trainValidationTestSplit(labels, 0.2, 0.25, seed);
    assert.equal(held, stratifiedSplit(labels, 0.2, seed).test, 'the test rows are those of the split without validation');
    const heldSet = new Set(held);
    assert.ok([...train, ...validation].every((r) => !heldSet.has(r)), `seed ${seed}: a test row leaked`);
    assert.ok(validation.every((r) => !train.includes(r)), `seed ${seed}: a validation row is also a training row`);
    assert.is(train.length + validation.length + held.length, 87);
    assert.equal(classCounts(Array.from(validation, (r) => labels[r]), 3), [10, 6, 2], 'a quarter of each class of the training side');
  }
});

test('k-fold puts each class evenly in every fold and fold sizes within one row of each other', () => {
  const folds = stratifiedKFold(labels, 5, 1);
  const sizes = [0, 1, 2, 3, 4].map((f) => foldRows(folds, f).test.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`);
  for (let f = 0; f < 5; f++) {
    const { train, test: held } = foldRows(folds, f);
    assert.is(train.length + held.length, 87);
    const perClass = classCounts(Array.from(held, (r) => labels[r]), 3);
    assert.ok(perClass[0] === 10 && perClass[1] === 6 && perClass[2] >= 1, `fold ${f}: ${perClass}`);
  }
  assert.equal(stratifiedKFold(labels, 5, 1), folds);
});

test('k-fold refuses a class with fewer rows than folds, naming the class', () => {
  assert.throws(() => stratifiedKFold(labels, 8, 0, ['a', 'b', 'rare']), /class "rare" has 7 rows, fewer than the 8 folds asked for/);
});

test('a split refuses fractions outside (0, 1)', () => {
  assert.throws(() => stratifiedSplit(labels, 1), /test size must be a fraction in \(0, 1\)/);
});

test('two million labels split and fold (nothing spreads them into arguments, which overflows the stack at ~126k)', () => {
  const many = Uint32Array.from({ length: 2_000_000 }, (_, i) => (i % 50 === 0 ? 1 : 0));
  const { train, test: held } = stratifiedSplit(many, 0.2, 0);
  assert.is(held.length, 400_000);
  assert.is(train.length + held.length, many.length);
  const folds = stratifiedKFold(many, 3, 0);
  assert.is(foldRows(folds, 2).test.length, 666_666);
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Engine } from '../../src/gpu/engine.js';
import { createArray, destroyArray, readArray } from '../../src/gpu/gpuArray.js';
import type { Learner, Matrix } from '../../src/ensemble/learner.js';
import { metaLearner } from '../../src/ensemble/registry.js';
import { Stack } from '../../src/ensemble/stack.js';
import { testEngine } from '../support/engine.js';

const test = suite('stacking: no leakage');

/**
 * Remembers the row ids (feature 0) it was fitted on and predicts class 0 for a row it has seen, class 1 for one
 * it has not: any out-of-fold prediction of class 0 is a row predicted by a model that trained on it.
 */
function memoriser(fittedOn: Set<number>[]): Learner {
  const seen = new Set<number>();
  return {
    name: 'memoriser',
    params: {},
    async fit(_engine: Engine, x: Matrix) {
      for (let r = 0; r < x.rows; r++) seen.add(x.features[r * x.cols]);
      fittedOn.push(seen);
    },
    async predictProba(engine: Engine, x: Matrix) {
      const out = new Float32Array(x.rows * 3);
      for (let r = 0; r < x.rows; r++) out[r * 3 + (seen.has(x.features[r * x.cols]) ? 0 : 1)] = 1;
      return createArray(engine, 'memoriser probabilities', [x.rows, 3], out);
    },
    dispose() {},
  };
}

/** 3 classes × 7 rows (a prime, so folds are uneven); feature 0 is the row id. */
function rows(): { x: Matrix; y: Uint32Array } {
  const n = 21;
  const features = new Float32Array(n * 2);
  const y = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    features[r * 2] = r;
    features[r * 2 + 1] = r % 3;
    y[r] = r % 3;
  }
  return { x: { features, rows: n, cols: 2 }, y };
}

test('every out-of-fold prediction comes from a model that never saw the row; the refit saw them all', async () => {
  const engine = await testEngine();
  const { x, y } = rows();
  const fittedOn: Set<number>[] = [];
  const stack = new Stack({
    base: [{ name: 'memoriser A', make: () => memoriser(fittedOn) }, { name: 'memoriser B', make: () => memoriser(fittedOn) }],
    meta: metaLearner('vote'),
    folds: 4,
    seed: 3,
  });
  await stack.fit(engine, x, y, 3);
  const { layout } = stack.fitted;
  const oof = await readArray(engine, stack.oof);
  for (let m = 0; m < 2; m++) {
    for (let r = 0; r < x.rows; r++) {
      const row = layout.order[r];
      const p = Array.from(oof.subarray((m * x.rows + r) * 3, (m * x.rows + r + 1) * 3));
      assert.equal(p, [0, 1, 0], `model ${m}, training row ${row} (fold ${layout.foldOfRow[row]}): out-of-fold prediction ${p}`);
    }
  }
  // 2 models × (4 folds + 1 refit); each fold model saw exactly the rows outside its fold.
  assert.is(fittedOn.length, 10);
  for (const [i, seen] of fittedOn.entries()) {
    const fold = i % 5;
    const expected = fold === 4 ? x.rows : x.rows - layout.folds[fold].heldOut.length;
    assert.is(seen.size, expected, `learner ${i}`);
    if (fold < 4) for (const row of layout.folds[fold].heldOut) assert.not.ok(seen.has(row), `fold ${fold} model trained on held-out row ${row}`);
  }
  // The detector does fire: the refitted models have seen every training row.
  const p = await stack.basePredictions(engine, x);
  const refit = await readArray(engine, p);
  destroyArray(p);
  for (let i = 0; i < refit.length; i += 3) assert.is(refit[i], 1, `refit prediction ${i / 3}`);
  stack.dispose();
});

test('fold assignments: stratified, every row held out exactly once, reproducible from the seed', async () => {
  const engine = await testEngine();
  const { x, y } = rows();
  const fit = async (seed: number) => {
    const stack = new Stack({ base: [{ name: 'a', make: () => memoriser([]) }, { name: 'b', make: () => memoriser([]) }], meta: metaLearner('vote'), folds: 3, seed });
    await stack.fit(engine, x, y, 3);
    const record = stack.fitted;
    stack.dispose();
    return record;
  };
  const first = await fit(5);
  const again = await fit(5);
  assert.equal(Array.from(first.layout.foldOfRow), Array.from(again.layout.foldOfRow));
  assert.equal(first.seeds, again.seeds);
  assert.equal(Array.from(first.layout.order).sort((a, b) => a - b), Array.from({ length: x.rows }, (_, i) => i));
  for (let f = 0; f < 3; f++) {
    const classes = Array.from(first.layout.folds[f].heldOut, (row) => y[row]);
    for (let c = 0; c < 3; c++) assert.ok(classes.filter((k) => k === c).length >= 2, `fold ${f} has class ${c} at least twice`);
  }
  assert.is(new Set(first.seeds.learners.map((s) => s.seed)).size, first.seeds.learners.length, 'every learner instance has its own seed');
});

test.run();

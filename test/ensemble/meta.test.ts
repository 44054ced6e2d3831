import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { accuracy, argmaxRows } from '../../src/data/metrics.js';
import { seededRandom } from '../../src/data/random.js';
import { createArray, destroyArray, readArray } from '../../src/gpu/gpuArray.js';
import { convexMeta } from '../../src/ensemble/convexMeta.js';
import { logregMeta } from '../../src/ensemble/logregMeta.js';
import { voteMeta } from '../../src/ensemble/voteMeta.js';
import type { MetaLearner } from '../../src/ensemble/metaLearner.js';
import { testEngine } from '../support/engine.js';

const test = suite('meta-learners');

/**
 * P for 3 models on 200 rows of 4 classes: model 0 is right 90% of the time, model 1 is noise, model 2 is right
 * about classes 0 and 1 only. Probabilities are random but rows sum to 1.
 */
function predictions(rows: number) {
  const random = seededRandom(11);
  const models = 3;
  const classes = 4;
  const labels = Uint32Array.from({ length: rows }, () => random.int(classes));
  const p = new Float32Array(models * rows * classes);
  for (let m = 0; m < models; m++) {
    for (let n = 0; n < rows; n++) {
      const row = p.subarray((m * rows + n) * classes, (m * rows + n + 1) * classes);
      const knows = m === 0 ? random.next() < 0.9 : m === 2 ? labels[n] < 2 : false;
      for (let c = 0; c < classes; c++) row[c] = 0.05 + random.next() * 0.1 + (knows && c === labels[n] ? 1 : 0);
      const sum = row.reduce((a, b) => a + b, 0);
      for (let c = 0; c < classes; c++) row[c] /= sum;
    }
  }
  return { p, labels, models, rows, classes };
}

async function fitted(meta: MetaLearner) {
  const engine = await testEngine();
  const data = predictions(200);
  const P = createArray(engine, 'test P', [data.models, data.rows, data.classes], data.p);
  await meta.fit(engine, P, data.labels);
  const out = await meta.predictProba(engine, P);
  const combined = await readArray(engine, out);
  destroyArray(out);
  destroyArray(P);
  return { ...data, combined, weights: await meta.weights(engine) };
}

/** What the weights claim: out[n, c] = Σ_m w[m][c] · P[m, n, c], checked in float64 against the kernel's output. */
function assertCombinesWith(r: Awaited<ReturnType<typeof fitted>>, weightOf: (m: number, c: number) => number) {
  for (let n = 0; n < r.rows; n++) {
    for (let c = 0; c < r.classes; c++) {
      let want = 0;
      for (let m = 0; m < r.models; m++) want += weightOf(m, c) * r.p[(m * r.rows + n) * r.classes + c];
      // float32 softmax and an M-term sum: a few units of float32 rounding on values ≤ 1.
      assert.ok(Math.abs(r.combined[n * r.classes + c] - want) < 1e-6, `row ${n} class ${c}: ${r.combined[n * r.classes + c]} vs ${want}`);
    }
  }
}

test('convex (per model): weights ≥ 0, sum to 1 within 1e-5, favour the informative model, and are what the kernel used', async () => {
  const r = await fitted(convexMeta());
  const w = r.weights.perModel;
  assert.ok(w.every((x) => x >= 0), `weights ${w}`);
  assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) <= 1e-5, `weights ${w} sum to ${w.reduce((a, b) => a + b, 0)}`);
  assert.ok(w[0] > w[1] && w[0] > 0.5, `the 90%-right model gets the largest weight: ${w}`);
  assertCombinesWith(r, (m) => w[m]);
});

test("convex (per model and class): each class's weights ≥ 0 and sum to 1; model 2 earns weight on classes 0 and 1 only", async () => {
  const r = await fitted(convexMeta({ perClass: true }));
  const w = r.weights.perModelClass!;
  for (let c = 0; c < r.classes; c++) {
    const column = w.map((row) => row[c]);
    assert.ok(column.every((x) => x >= 0), `class ${c}: ${column}`);
    assert.ok(Math.abs(column.reduce((a, b) => a + b, 0) - 1) <= 1e-5, `class ${c}: ${column}`);
  }
  assert.ok(w[2][0] > w[2][3] && w[2][1] > w[2][3], `model 2 per class: ${w[2]}`);
  assertCombinesWith(r, (m, c) => w[m][c]);
});

test('vote averages the models equally', async () => {
  const r = await fitted(voteMeta());
  assert.equal(r.weights.perModel, [1 / 3, 1 / 3, 1 / 3]);
  assertCombinesWith(r, () => 1 / 3);
});

test('logreg on the base probabilities beats every single model on its fit rows, and gives probabilities', async () => {
  const r = await fitted(logregMeta());
  for (let n = 0; n < r.rows; n++) {
    const sum = r.combined.subarray(n * r.classes, (n + 1) * r.classes).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${n} sums to 1`);
  }
  const acc = accuracy(argmaxRows(r.combined, r.classes), r.labels);
  assert.ok(acc > 0.9, `accuracy ${acc}`);
  assert.ok(Math.abs(r.weights.perModel.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

test.run();

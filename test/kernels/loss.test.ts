import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { run } from '../../src/gpu/recorder.js';
import { prepareRegressionLoss, prepareSoftmaxCrossEntropy, regressionLoss, softmax, softmaxCrossEntropy, type RegressionLoss } from '../../src/kernels/loss.js';
import { regressionLossReference, softmaxCrossEntropyReference, softmaxReference } from '../../src/kernels/loss.reference.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';
import { ArgumentError } from '../../src/errors.js';
import { logError, softmaxBounds } from '../support/softmaxError.js';
import { compareWithBounds, describe, gamma, unitRoundoff as u } from '../support/tolerance.js';
import { GpuScope, withScope } from '../../src/gpu/gpuScope.js';
import { modelCounts, sliceOf, stack, withModels } from '../support/modelAxis.js';

const test = suite('loss');

const primes = [2, 3, 5, 7, 13, 31, 61, 257];

/** Fixed edge cases, then random [batch, classes] with logits up to ±scale. */
function lossShapes(random: Random, count: number): { batch: number; classes: number; scale: number }[] {
  const out = [
    { batch: 1, classes: 1, scale: 1 },
    { batch: 1, classes: 10, scale: 1e4 },
    { batch: 257, classes: 3, scale: 1e4 },
    { batch: 1000, classes: 7, scale: 5 },
    { batch: 2, classes: 200, scale: 30 },
  ];
  const dim = (max: number) => (random.next() < 0.3 ? primes[random.int(primes.length)] : 1 + random.int(max));
  while (out.length < count) out.push({ batch: dim(600), classes: dim(20), scale: [1, 10, 100, 1e4][random.int(4)] });
  return out;
}

/**
 * Bounds for every output of one batch, from softmaxBounds per row: each dLogit adds the rounding of p − onehot
 * and the 1/batch scale (3.5u); each row loss log Σ − (l_y − max) adds log's error and two roundings; the mean
 * sums ⌈batch/256⌉ rows per thread and then 8 tree levels before scaling.
 */
function crossEntropyBounds(logits: Float32Array, labels: Uint32Array, batch: number, classes: number, dLogits: Float64Array, rowLoss: Float64Array, loss: number) {
  const dLogitError = new Float64Array(batch * classes);
  let rowErrors = 0;
  let rowMagnitude = 0;
  for (let r = 0; r < batch; r++) {
    const row = softmaxBounds(logits, classes, r * classes);
    for (let c = 0; c < classes; c++) {
      const j = r * classes + c;
      dLogitError[j] = (row.probError[c] + u * Math.abs(dLogits[j] * batch)) / batch + 3.5 * u * Math.abs(dLogits[j]) + 1e-30;
    }
    let peak = -Infinity;
    for (let c = 0; c < classes; c++) peak = Math.max(peak, logits[r * classes + c]);
    rowErrors += row.sumError + logError(row.sum) + u * Math.abs(logits[r * classes + labels[r]] - peak) + u * Math.abs(rowLoss[r]);
    rowMagnitude += Math.abs(rowLoss[r]);
  }
  const lossError = (rowErrors + gamma(Math.ceil(batch / 256) + 8) * rowMagnitude) / batch + 3.5 * u * Math.abs(loss) + 1e-30;
  return { dLogitError, lossError };
}

test('cross-entropy loss and dLogits match the float64 reference on 100+ shapes, logits up to ±1e4', async () => {
  const engine = await testEngine();
  const random = seededRandom(21);
  for (const { batch, classes, scale } of lossShapes(random, 104)) {
    const logits = randomFloats(batch * classes, random, scale);
    const labels = Uint32Array.from({ length: batch }, () => random.int(classes));
    const L = createArray(engine, 'logits', [batch, classes], logits);
    const Y = createArray(engine, 'labels', [batch], labels, 'u32');
    const got = await softmaxCrossEntropy(engine, L, Y);
    const want = softmaxCrossEntropyReference(logits, labels, batch, classes);
    const bounds = crossEntropyBounds(logits, labels, batch, classes, want.dLogits, want.rowLoss, want.loss);
    const what = `${batch}x${classes} logits ±${scale}`;
    assert.ok(Number.isFinite(got.loss), `${what}: loss ${got.loss}`);
    assert.ok(Math.abs(got.loss - want.loss) <= bounds.lossError, `${what}: loss ${got.loss}, want ${want.loss}, bound ${bounds.lossError}`);
    const result = compareWithBounds(await readArray(engine, got.dLogits), want.dLogits, (j) => bounds.dLogitError[j]);
    assert.ok(result.ok, `${what} dLogits: ${describe(result)}`);
    [L, Y, got.dLogits].forEach(destroyArray);
  }
});

test('softmax matches the float64 reference on 100+ shapes, logits up to ±1e4', async () => {
  const engine = await testEngine();
  const random = seededRandom(22);
  for (const { batch, classes, scale } of lossShapes(random, 104)) {
    const logits = randomFloats(batch * classes, random, scale);
    const L = createArray(engine, 'logits', [batch, classes], logits);
    const P = await softmax(engine, L);
    const want = softmaxReference(logits, batch, classes);
    const error = new Float64Array(batch * classes);
    for (let r = 0; r < batch; r++) softmaxBounds(logits, classes, r * classes).probError.forEach((e, c) => (error[r * classes + c] = e + 1e-30));
    const result = compareWithBounds(await readArray(engine, P), want, (j) => error[j]);
    assert.ok(result.ok, `${batch}x${classes} logits ±${scale}: ${describe(result)}`);
    [L, P].forEach(destroyArray);
  }
});

test('each batch writes its mean loss into its own slot', async () => {
  const engine = await testEngine();
  const scope = new GpuScope(engine, 'loss slots test');
  const loss = createArray(engine, 'epoch losses', [3]);
  const batches = [
    { logits: [0, 0], label: 1 },
    { logits: [Math.log(3), 0], label: 0 },
  ];
  const calls = [];
  const arrays = [loss];
  for (const [slot, { logits, label }] of batches.entries()) {
    const L = createArray(engine, 'logits', [1, 2], logits);
    const Y = createArray(engine, 'labels', [1], [label], 'u32');
    const D = createArray(engine, 'dLogits', [1, 2]);
    arrays.push(L, Y, D);
    calls.push(await prepareSoftmaxCrossEntropy(scope, L, Y, D, loss, slot + 1));
  }
  await run(engine, ...calls);
  const got = await readArray(engine, loss);
  assert.is(got[0], 0, 'slot 0 untouched');
  for (const [slot, { logits, label }] of batches.entries()) {
    const f32 = Float32Array.from(logits);
    const labels = Uint32Array.of(label);
    const want = softmaxCrossEntropyReference(f32, labels, 1, 2);
    const { lossError } = crossEntropyBounds(f32, labels, 1, 2, want.dLogits, want.rowLoss, want.loss);
    assert.ok(Math.abs(got[slot + 1] - want.loss) <= lossError, `slot ${slot + 1}: ${got[slot + 1]}, want ${want.loss}`);
  }
  arrays.forEach(destroyArray);
  scope.dispose();
});

test('model axis: M = 1, 2, 3, 5 batches in one dispatch, each slice its own mean over its labelled rows, ignored rows giving zero gradient', async () => {
  const engine = await testEngine();
  const random = seededRandom(23);
  for (const [k, { batch, classes }] of lossShapes(random, 12).entries()) {
    const models = modelCounts[k % modelCounts.length];
    const slots = 3;
    const slot = k % slots;
    const logits = Array.from({ length: models }, () => randomFloats(batch * classes, random, 10));
    // Model m ignores its last m rows (padding of a shorter batch), model 2 all of them (a model with no batch here).
    const labels = logits.map((_, m) => Uint32Array.from({ length: batch }, (_, r) => (m === 2 || r >= batch - m ? classes : random.int(classes))));
    const { loss, dLogits } = await withScope(engine, 'loss test', async (scope) => {
      const L = scope.array('logits', withModels(models, [batch, classes]), stack(logits));
      const Y = scope.array('labels', withModels(models, [batch]), stack(labels), 'u32');
      const D = scope.array('dLogits', withModels(models, [batch, classes]));
      const S = scope.array('loss', withModels(models, [slots]));
      await run(engine, await prepareSoftmaxCrossEntropy(scope, L, Y, D, S, slot));
      return { loss: await readArray(engine, S), dLogits: await readArray(engine, D) };
    });
    for (let m = 0; m < models; m++) {
      const want = softmaxCrossEntropyReference(logits[m], labels[m], batch, classes);
      const what = `model ${m} of ${models}, ${batch}x${classes}`;
      // Loose bounds (the unbatched tests hold the tight ones): p is good to ~10u, scaled by 1 / labelled rows.
      const labelled = Math.max(1, labels[m].filter((label) => label < classes).length);
      const gradients = compareWithBounds(sliceOf(dLogits, m, models), want.dLogits, (j) => 64 * u * (1 / labelled + Math.abs(want.dLogits[j])) + 1e-30);
      assert.ok(gradients.ok, `${what} dLogits: ${describe(gradients)}`);
      const mean = sliceOf(loss, m, models)[slot];
      assert.ok(Math.abs(mean - want.loss) <= 256 * u * (1 + want.loss), `${what} loss ${mean}, want ${want.loss}`);
    }
  }
});

const regressionKinds: RegressionLoss[] = [{ kind: 'squared-error' }, { kind: 'huber', delta: 1 }, { kind: 'huber', delta: 0.25 }];

/**
 * Bounds for a regression loss: each r = p − t is rounded once (u|r|); r², ½r² and δ(|r| − ½δ) add at most three
 * more roundings of terms no larger than |ℓ| + δ|r|, and each gradient 2r·(1/n) or clamp(r)·(1/n) three of |d|. The
 * mean sums ⌈n/256⌉ elements per thread, then 8 tree levels, before scaling by 1/n.
 */
function regressionBounds(predictions: Float32Array, targets: Float32Array, kind: RegressionLoss, want: ReturnType<typeof regressionLossReference>) {
  const delta = kind.kind === 'huber' ? kind.delta : 0;
  let errors = 0;
  let magnitude = 0;
  want.elementLoss.forEach((l, i) => {
    const r = Math.abs(predictions[i] - targets[i]);
    errors += Number.isFinite(r) ? 5 * u * (l + delta * r) : 0;
    magnitude += l;
  });
  const n = Math.max(1, targets.filter(Number.isFinite).length);
  const lossError = (errors + gamma(Math.ceil(predictions.length / 256) + 8) * magnitude) / n + 3.5 * u * want.loss + 1e-30;
  return { lossError, gradientError: (j: number) => 5 * u * Math.abs(want.dPredictions[j]) + 1e-30 };
}

/** Targets near the predictions (both losses' regimes) with a tenth of them NaN where `padding` (rows gather padded). */
function regressionCase(random: Random, count: number, scale: number, padding: boolean) {
  const predictions = randomFloats(count, random, scale);
  const targets = predictions.map((p) => (padding && random.next() < 0.1 ? NaN : p + (random.next() - 0.5) * 4));
  return { predictions, targets };
}

test('squared-error and Huber losses and dPredictions match the float64 reference on 100+ shapes each, NaN targets ignored', async () => {
  const engine = await testEngine();
  const random = seededRandom(24);
  for (const kind of regressionKinds) {
    for (const [k, { batch, classes: outputs, scale }] of lossShapes(random, 104).entries()) {
      const { predictions, targets } = regressionCase(random, batch * outputs, Math.min(scale, 100), k % 2 === 1);
      const P = createArray(engine, 'predictions', [batch, outputs], predictions);
      const T = createArray(engine, 'targets', [batch, outputs], targets);
      const got = await regressionLoss(engine, P, T, kind);
      const want = regressionLossReference(predictions, targets, kind);
      const bounds = regressionBounds(predictions, targets, kind, want);
      const what = `${kind.kind}${kind.kind === 'huber' ? ` δ ${kind.delta}` : ''} ${batch}x${outputs}`;
      assert.ok(Math.abs(got.loss - want.loss) <= bounds.lossError, `${what}: loss ${got.loss}, want ${want.loss}, bound ${bounds.lossError}`);
      const result = compareWithBounds(await readArray(engine, got.dPredictions), want.dPredictions, bounds.gradientError);
      assert.ok(result.ok, `${what} dPredictions: ${describe(result)}`);
      [P, T, got.dPredictions].forEach(destroyArray);
    }
  }
});

test('regression losses on the model axis: M = 1, 2, 3, 5 batches in one dispatch, each its own mean in its own slot', async () => {
  const engine = await testEngine();
  const random = seededRandom(25);
  for (const [k, { batch, classes: outputs }] of lossShapes(random, 12).entries()) {
    const models = modelCounts[k % modelCounts.length];
    const kind = regressionKinds[k % regressionKinds.length];
    const slot = k % 3;
    const cases = Array.from({ length: models }, () => regressionCase(random, batch * outputs, 10, true));
    const { loss, gradients } = await withScope(engine, 'regression loss test', async (scope) => {
      const P = scope.array('predictions', withModels(models, [batch, outputs]), stack(cases.map((c) => c.predictions)));
      const T = scope.array('targets', withModels(models, [batch, outputs]), stack(cases.map((c) => c.targets)));
      const D = scope.array('dPredictions', withModels(models, [batch, outputs]));
      const S = scope.array('loss', withModels(models, [3]));
      await run(engine, await prepareRegressionLoss(scope, P, T, D, S, slot, kind));
      return { loss: await readArray(engine, S), gradients: await readArray(engine, D) };
    });
    for (const [m, { predictions, targets }] of cases.entries()) {
      const want = regressionLossReference(predictions, targets, kind);
      const bounds = regressionBounds(predictions, targets, kind, want);
      const what = `${kind.kind} model ${m} of ${models}, ${batch}x${outputs}`;
      const mean = sliceOf(loss, m, models)[slot];
      assert.ok(Math.abs(mean - want.loss) <= bounds.lossError, `${what}: loss ${mean}, want ${want.loss}`);
      const result = compareWithBounds(sliceOf(gradients, m, models), want.dPredictions, bounds.gradientError);
      assert.ok(result.ok, `${what} dPredictions: ${describe(result)}`);
    }
  }
});

test('a Huber δ that is not a positive number is refused, naming the kernel', async () => {
  const engine = await testEngine();
  const P = createArray(engine, 'predictions', [2, 1], [0, 1]);
  const T = createArray(engine, 'targets', [2, 1], [1, 1]);
  for (const delta of [0, -1, NaN]) await rejects(regressionLoss(engine, P, T, { kind: 'huber', delta }), ArgumentError, /^loss: Huber δ must be a positive number/);
  [P, T].forEach(destroyArray);
});

test.run();

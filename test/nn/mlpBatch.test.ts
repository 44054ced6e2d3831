import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { permutation, randomFloats, seededRandom } from '../../src/data/random.js';
import { ArgumentError } from '../../src/errors.js';
import { readArray } from '../../src/gpu/gpuArray.js';
import { GpuScope } from '../../src/gpu/gpuScope.js';
import { Mlp } from '../../src/nn/mlp.js';
import { MlpBatch, type MlpBatchMember } from '../../src/nn/mlpBatch.js';
import { mlpSpec, type LayerWeights } from '../../src/nn/mlpSpec.js';
import { TrainingPlan, type TrainingRows } from '../../src/nn/trainingPlan.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';

const test = suite('MLP batch');

/** Rows whose class is the sign pattern of two features (learnable), or random labels (`noise`: only overfitting helps). */
function dataset(rows: number, cols: number, seed: number, noise = false): TrainingRows {
  const random = seededRandom(seed);
  const features = randomFloats(rows * cols, random);
  const labels = Uint32Array.from({ length: rows }, (_, r) => (noise ? random.int(3) : (features[r * cols] > 0 ? 1 : 0) + (features[r * cols + 1] > 0.3 ? 1 : 0)));
  return { features, labels, rows, cols };
}

function subset(data: TrainingRows, rows: Uint32Array): TrainingRows {
  const features = new Float32Array(rows.length * data.cols);
  rows.forEach((row, i) => features.set(data.features.subarray(row * data.cols, (row + 1) * data.cols), i * data.cols));
  return { features, labels: Uint32Array.from(rows, (row) => data.labels[row]), rows: rows.length, cols: data.cols };
}

function assertSameWeights(got: LayerWeights[], want: LayerWeights[], what: string): void {
  got.forEach((layer, l) => {
    for (const part of ['w', 'b'] as const) {
      const worst = layer[part].reduce((max, v, i) => Math.max(max, Math.abs(v - want[l][part][i]) / Math.max(1, Math.abs(want[l][part][i]))), 0);
      assert.ok(worst <= 1e-5, `${what}: layer ${l + 1} ${part} differs by ${worst} (relative)`);
    }
  });
}

async function singleFit(data: TrainingRows, member: MlpBatchMember, spec: ReturnType<typeof mlpSpec>, epochs: number, batchSize: number): Promise<LayerWeights[]> {
  const engine = await testEngine();
  const mlp = new Mlp(engine, spec, { seed: member.seed });
  await mlp.fit(subset(data, member.trainRows), { epochs, batchSize, learningRate: member.learningRate, seed: member.seed });
  const weights = await mlp.getWeights();
  mlp.dispose();
  return weights;
}

/** Trains `members` as one batch and each alone, and asserts each model ends with its single fit's weights. */
async function expectSingleFitWeights(members: MlpBatchMember[]): Promise<void> {
  const engine = await testEngine();
  const data = dataset(90, 5, 1);
  const spec = mlpSpec(5, [7], 3);
  const batch = new MlpBatch(engine, spec, members);
  const epochLosses: number[][] = [];
  const histories = await batch.fit(data, { epochs: 4, batchSize: 8, onEpoch: (_, loss) => epochLosses.push(Array.from(loss)) });
  assert.is(epochLosses.length, 4);
  for (const [m, member] of members.entries()) {
    assert.is(histories[m].epochsRun, 4);
    assertSameWeights(await batch.weights(m), await singleFit(data, member, spec, 4, 8), `model ${m}`);
  }
  batch.dispose();
}

const order = permutation(90, seededRandom(2));
// Row counts 41, 37 and 52 with batches of 8 give each model its own last-batch size (1, 5, 4).
const fold1 = { seed: 3, learningRate: 0.01, trainRows: order.slice(0, 41) };
const fold2 = { seed: 4, learningRate: 0.003, trainRows: order.slice(41, 78) };
const refit = { seed: 5, learningRate: 0.02, trainRows: order.slice(38, 90) };

test('three models trained as one batch end with the weights of three single fits (own seeds, rates, row counts)', async () => {
  // The last model has the most batches: the first two are padded and gated in its last ones.
  await expectSingleFitWeights([fold1, fold2, refit]);
});

test('the model with the most rows first: batches its followers have run out of leave them out of the grid, same weights', async () => {
  // 7, 6 and 5 batches: batch 6 runs over the first two models, batch 7 over the first alone.
  await expectSingleFitWeights([refit, fold1, fold2]);
});

test('early stopping gives a model the weights of its best epoch, which a single fit of that many epochs reaches', async () => {
  const engine = await testEngine();
  // Random labels: the validation loss only rises once the model starts memorising its 24 training rows.
  const data = dataset(48, 6, 7, true);
  const spec = mlpSpec(6, [32], 3);
  const members: MlpBatchMember[] = [1, 2].map((seed) => ({ seed, learningRate: 0.05, trainRows: Uint32Array.from({ length: 24 }, (_, i) => i), validationRows: Uint32Array.from({ length: 24 }, (_, i) => 24 + i) }));
  const batch = new MlpBatch(engine, spec, members);
  const seen: number[][] = [];
  const histories = await batch.fit(data, { epochs: 40, batchSize: 8, patience: 3, onEpoch: (_, loss) => seen.push(Array.from(loss)) });
  for (const [m, history] of histories.entries()) {
    assert.ok(history.stoppedEarly, `model ${m} trained all ${history.epochsRun} epochs`);
    assert.is(history.epochsRun, history.bestEpoch + 1 + 3, `model ${m} stops 3 epochs after its best`);
    assert.is(history.validationLoss.length, history.epochsRun);
    const best = Math.min(...history.validationLoss);
    assert.is(history.validationLoss[history.bestEpoch], best);
    // After it stopped, the model's loss is reported as NaN (it no longer trains).
    assert.ok(seen.slice(history.epochsRun).every((losses) => Number.isNaN(losses[m])));
    assertSameWeights(await batch.weights(m), await singleFit(data, members[m], spec, history.bestEpoch + 1, 8), `model ${m} best epoch ${history.bestEpoch}`);
  }
  batch.dispose();
});

test('a model given no rows for an epoch keeps its weights bit for bit while the others learn', async () => {
  const engine = await testEngine();
  const data = dataset(20, 3, 9);
  const spec = mlpSpec(3, [4], 3);
  const scope = new GpuScope(engine, 'gated plan test');
  const layers = spec.layers.map((layer, l) => ({
    spec: layer,
    w: scope.array(`layer ${l} W`, [2, layer.inputs, layer.units], randomFloats(2 * layer.inputs * layer.units, seededRandom(l))),
    b: scope.array(`layer ${l} b`, [2, layer.units]),
  }));
  const before = await Promise.all(layers.map((layer) => readArray(engine, layer.w)));
  const rates = [0, 1].map(() => ({ lr: 0.01, weightDecay: 0.001 }));
  const plan = await TrainingPlan.create(scope.child('plan'), layers, [false, false], data, 6, { rows: [20, 20], rates });
  const losses = await plan.runModelsEpoch([permutation(20, seededRandom(1)), undefined], 'gated epoch');
  assert.ok(Number.isFinite(losses[0]) && Number.isNaN(losses[1]), `losses ${Array.from(losses)}`);
  for (const [l, layer] of layers.entries()) {
    const after = await readArray(engine, layer.w);
    const half = after.length / 2;
    assert.not.equal(Array.from(after.subarray(0, half)), Array.from(before[l].subarray(0, half)), `layer ${l}: model 0 learns`);
    assert.equal(Array.from(after.subarray(half)), Array.from(before[l].subarray(half)), `layer ${l}: model 1 is untouched`);
  }
  plan.dispose();
  scope.dispose();
});

test('fit refuses rows outside the data and early stopping without validation rows', async () => {
  const engine = await testEngine();
  const data = dataset(10, 2, 3);
  const spec = mlpSpec(2, [3], 3);
  const outside = new MlpBatch(engine, spec, [{ seed: 0, trainRows: Uint32Array.of(0, 10) }]);
  await rejects(outside.fit(data, { epochs: 1, batchSize: 4 }), ArgumentError, /member 0: trainRows has row 10/);
  outside.dispose();
  const unvalidated = new MlpBatch(engine, spec, [{ seed: 0, trainRows: Uint32Array.of(0, 1) }]);
  await rejects(unvalidated.fit(data, { epochs: 1, batchSize: 4, patience: 2 }), ArgumentError, /needs validationRows/);
  unvalidated.dispose();
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classificationReport } from '../../src/data/classReport.js';
import { argmaxRows } from '../../src/data/metrics.js';
import { seededRandom } from '../../src/data/random.js';
import { extraTrees } from '../../src/ensemble/extraTrees.js';
import { fitSoftmaxRegression, softmaxRegressionProba } from '../../src/ensemble/softmaxRegression.js';
import { destroyArray, readArray } from '../../src/gpu/gpuArray.js';
import { testEngine } from '../support/engine.js';

const test = suite('class weights');

test('logreg with balanced class weights finds more of a 1:20 minority than without', () => {
  const random = seededRandom(4);
  const rows = 2100;
  const y = Uint32Array.from({ length: rows }, (_, r) => Number(r % 21 === 0));
  // The minority sits half a standard deviation away on both features: plain logreg mostly predicts the majority.
  const features = Float32Array.from({ length: rows * 2 }, (_, i) => random.normal() + 0.8 * y[i >> 1]);
  const x = { features, rows, cols: 2 };
  const recall = (classWeight: 'none' | 'balanced') => {
    const model = fitSoftmaxRegression(x, y, 2, { classWeight });
    return classificationReport(y, argmaxRows(softmaxRegressionProba(model, x), 2), ['common', 'rare']).perClass[1].recall;
  };
  const [plain, balanced] = [recall('none'), recall('balanced')];
  assert.ok(plain < 0.2, `unweighted minority recall ${plain}`);
  assert.ok(balanced > 0.5, `balanced minority recall ${balanced}`);
});

test('extra-trees with balanced class weights finds more of a 1:20 minority on held-out rows than without', async () => {
  const engine = await testEngine();
  const random = seededRandom(5);
  const rows = 4200;
  const y = Uint32Array.from({ length: rows }, (_, r) => Number(r % 21 === 0));
  const features = Float32Array.from({ length: rows * 2 }, (_, i) => random.normal() + 0.8 * y[i >> 1]);
  // Even rows fit, odd rows are held out; nodes under 200 rows stay whole, so the leaves are mixed and the weights decide.
  const half = (offset: number) => ({
    x: { features: features.filter((_, i) => (i >> 1) % 2 === offset), rows: rows / 2, cols: 2 },
    y: y.filter((_, r) => r % 2 === offset),
  });
  const [fit, held] = [half(0), half(1)];
  const recall = async (classWeight: 'none' | 'balanced') => {
    const forest = extraTrees({ trees: 20, minSamplesSplit: 200, seed: 1, classWeight });
    await forest.fit(engine, fit.x, fit.y, 2);
    const probabilities = await forest.predictProba(engine, held.x);
    const predicted = argmaxRows(await readArray(engine, probabilities), 2);
    destroyArray(probabilities);
    forest.dispose();
    return classificationReport(held.y, predicted, ['common', 'rare']).perClass[1].recall;
  };
  const [plain, balanced] = [await recall('none'), await recall('balanced')];
  assert.ok(plain < 0.2, `unweighted minority recall ${plain}`);
  assert.ok(balanced > 0.5, `balanced minority recall ${balanced}`);
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classificationReport } from '../../src/data/classReport.js';
import { argmaxRows } from '../../src/data/metrics.js';
import { seededRandom } from '../../src/data/random.js';
import { fitSoftmaxRegression, softmaxRegressionProba } from '../../src/ensemble/softmaxRegression.js';

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

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classificationReport, majorityWarning } from '../../src/data/classReport.js';

const test = suite('classification report');

test('1:9 imbalance: always predicting the majority scores 0.9 accuracy but 0.5 balanced accuracy, and is warned about', () => {
  const labels = Uint32Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
  const report = classificationReport(labels, new Uint32Array(100), ['common', 'rare']);
  assert.is(report.accuracy, 0.9);
  assert.is(report.majorityShare, 0.9);
  assert.is(report.balancedAccuracy, 0.5);
  assert.equal(report.confusion, [[90, 0], [10, 0]]);
  assert.equal(report.perClass.map((s) => [s.name, s.recall, s.support]), [['common', 1, 90], ['rare', 0, 10]]);
  assert.is(report.perClass[1].precision, 0, 'no row predicted rare: precision 0, not NaN');
  assert.match(majorityWarning(report)!, /within a point of the majority share 0\.9000/);
});

test('per-class precision, recall and F1, macro-F1; no warning well above the majority share', () => {
  // actual:    a a a b b c
  // predicted: a a b b c c
  const report = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['a', 'b', 'c']);
  assert.equal(report.perClass.map((s) => [s.precision, s.recall]), [[1, 2 / 3], [0.5, 0.5], [0.5, 1]]);
  assert.ok(Math.abs(report.macroF1 - (0.8 + 0.5 + 2 / 3) / 3) < 1e-12);
  assert.ok(Math.abs(report.balancedAccuracy - (2 / 3 + 0.5 + 1) / 3) < 1e-12);
  assert.is(majorityWarning(report), null);
  assert.is(majorityWarning({ ...report, accuracy: 0.5, majorityShare: 0.9 }), null, 'far below the majority share is no "within a point"');
});

test.run();

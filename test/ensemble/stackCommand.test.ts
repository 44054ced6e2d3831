import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stackCommand } from '../../src/commands/stack.js';
import { testEngine } from '../support/engine.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab stack');
const dir = suiteTempDir(test, 'stacklab-stack-');

test('digits: a convex stack of fast learners reaches ≥ 0.97 and writes the contract fields, folds and seeds', async () => {
  const engine = await testEngine();
  const json = path.join(dir, 'stack.json');
  const html = path.join(dir, 'stack.html');
  // mlp is left out to keep the test short; logreg, knn and naive Bayes make the same point here.
  await stackCommand({ data: 'digits', ignore: [], base: ['logreg', 'knn', 'nb'], meta: 'convex', folds: 3, seed: 0, testSize: 0.2, json, html, quiet: true }, engine);
  const result = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.ok(result.env.adapter && result.env.flags, 'env block');
  assert.is(result.folds, 3);
  assert.is(result.seed, 0);
  assert.equal(result.baseModels.map((b: { name: string }) => b.name), ['logreg', 'knn', 'nb']);
  for (const b of result.baseModels) assert.ok(b.oofAccuracy > 0.8 && b.testAccuracy > 0.8, `${b.name}: ${b.oofAccuracy} / ${b.testAccuracy}`);
  assert.is(result.meta.kind, 'convex');
  const weights: number[] = result.meta.weights;
  assert.ok(weights.every((w) => w >= 0) && Math.abs(weights.reduce((a, b) => a + b, 0) - 1) <= 1e-5, `weights ${weights}`);
  assert.ok(result.meta.testAccuracy >= 0.97, `stack test accuracy ${result.meta.testAccuracy}`);
  assert.ok(result.timings.totalMs > 0 && result.timings.metaFitMs > 0);
  assert.is(result.foldAssignments.trainRows.length, result.rows.train);
  assert.equal([...new Set(result.foldAssignments.fold)].sort(), [0, 1, 2]);
  assert.is(result.seeds.learners.length, 3 * (3 + 1));
  const page = fs.readFileSync(html, 'utf8');
  assert.match(page, /new Chart\(/);
  assert.match(page, /"data":\[0\.\d+,0\.\d+,0\.\d+\]/);
});

test.run();

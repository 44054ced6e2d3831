import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sweepCommand } from '../../src/commands/sweep.js';
import { testEngine } from '../support/engine.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab sweep');
const dir = suiteTempDir(test, 'stacklab-sweep-');

test('a 2 × 2 grid over 2 seeds × 2 folds: mean ± sd per cell, the best cell refitted and tested, a heatmap', async () => {
  const engine = await testEngine();
  const json = path.join(dir, 'sweep.json');
  const html = path.join(dir, 'sweep.html');
  const result = await sweepCommand(
    { data: 'wine', ignore: [], hidden: [4, 16], lr: [0.001, 0.03], weightDecay: [0], seeds: 2, folds: 2, epochs: 4, batchSize: 32, testSize: 0.2, seed: 1, json, html, quiet: true },
    engine,
  );
  assert.is(result.cells.length, 4);
  for (const cell of result.cells) {
    assert.is(cell.foldAccuracy.length, 4);
    assert.ok(Math.abs(cell.accuracy.mean - cell.foldAccuracy.reduce((a, b) => a + b, 0) / 4) < 1e-12);
  }
  const bestMean = Math.max(...result.cells.map((c) => c.accuracy.mean));
  assert.is(result.best.accuracy.mean, bestMean);
  // Four epochs at lr 0.001 barely move a 4-unit network; at 0.03 a 16-unit one learns wine.
  assert.is(result.best.learningRate, 0.03);
  assert.ok(result.best.testAccuracy >= 0.85, `best cell's test accuracy ${result.best.testAccuracy}`);
  const written = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(written.best.hidden, result.best.hidden);
  assert.ok(written.env.adapter, 'env block');
  const page = fs.readFileSync(html, 'utf8');
  assert.is(page.match(/<td style="background:rgb/g)?.length, 4);
});

test.run();

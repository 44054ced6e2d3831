import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stackCommand } from '../../src/commands/stack.js';
import type { StackCommandOptions } from '../../src/commands/stackCommandOptions.js';
import { gaussianNaiveBayes } from '../../src/ensemble/naiveBayes.js';
import { metaLearner } from '../../src/ensemble/registry.js';
import { LearnerFitError } from '../../src/ensemble/errors.js';
import { BadInputError } from '../../src/errors.js';
import { Stack } from '../../src/ensemble/stack.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';
import { testEngine } from '../support/engine.js';

const test = suite('stack: bad input');

const dir = suiteTempDir(test, 'stacklab-stack-');
const options = (overrides: Partial<StackCommandOptions>): StackCommandOptions => ({
  data: 'iris',
  ignore: [],
  base: ['nb', 'logreg'],
  meta: 'vote',
  folds: 3,
  seed: 0,
  testSize: 0.2,
  json: path.join(dir, 'out.json'),
  html: path.join(dir, 'out.html'),
  quiet: true,
  ...overrides,
});

async function failsWith(overrides: Partial<StackCommandOptions>, pattern: RegExp, kind: typeof BadInputError | typeof LearnerFitError = BadInputError): Promise<Error> {
  const engine = await testEngine();
  const error = await rejects(stackCommand(options(overrides), engine), kind, pattern);
  assert.not.ok(fs.existsSync(options(overrides).json!), 'no JSON written');
  assert.not.ok(fs.existsSync(options(overrides).html!), 'no HTML written');
  return error;
}

test('an unknown learner is named, with the known ones listed', async () => {
  await failsWith({ base: ['nb', 'random-forest'] }, /unknown learner "random-forest"; known learners: mlp, tfjs-mlp, logreg, knn, knn-distance, nb, extra-trees/);
});

test('an unknown meta-learner is named, with the known ones listed', async () => {
  await failsWith({ meta: 'stacking' }, /unknown meta-learner "stacking"; known meta-learners: convex, logreg, vote/);
});

test('a single learner is refused: there is nothing to weigh', async () => {
  await failsWith({ base: ['logreg'] }, /at least two base learners.*got 1 \(logreg\)/);
});

test('more folds than the smallest class has training rows is refused before anything is fitted', async () => {
  // iris: 50 rows per class, 40 of each in the training part.
  await failsWith({ folds: 41 }, /41 folds need at least 41 rows of every class, but class "(setosa|versicolor|virginica|Iris-\w+|\d)" has 40 in the training rows; use --folds 40 or fewer/);
});

test('passthrough with a meta-learner that cannot use features is refused', async () => {
  await failsWith({ passthrough: true, meta: 'convex' }, /passthrough .* convex meta-learner cannot use/);
});

test('a learner that fails to fit is named with its fold, and nothing is written', async () => {
  // 4 rows per class: a 2-fold model fits on 3 training rows of each class… and knn asks for 5 neighbours of 3.
  const csv = path.join(dir, 'tiny.csv');
  const lines = ['a,b,label'];
  for (let r = 0; r < 10; r++) lines.push(`${r},${r % 3},${r % 2}`);
  fs.writeFileSync(csv, lines.join('\n'));
  const error = await failsWith({ data: csv, base: ['nb', 'knn'], folds: 2 }, /learner knn failed to fit \(fold 1 of 2\): knn: k = 5 neighbours asked for, but only \d training rows given/, LearnerFitError);
  // The cause is the user's data, so the command exits 2 (see reportFailure).
  assert.instance((error as LearnerFitError).cause, BadInputError);
});

test('the fit error keeps its cause and the stack holds nothing afterwards', async () => {
  const engine = await testEngine();
  const broken = new Error('out of patience');
  const stack = new Stack({
    base: [
      { name: 'nb', make: () => gaussianNaiveBayes() },
      { name: 'broken', make: () => ({ ...gaussianNaiveBayes(), name: 'broken', fit: async () => Promise.reject(broken) }) },
    ],
    meta: metaLearner('vote'),
    folds: 2,
    seed: 0,
  });
  const x = { features: Float32Array.from({ length: 8 }, (_, i) => i), rows: 8, cols: 1 };
  const error = await rejects(stack.fit(engine, x, Uint32Array.from([0, 1, 0, 1, 0, 1, 0, 1]), 2), LearnerFitError);
  assert.is(error.learner, 'broken');
  assert.is(error.cause, broken);
  assert.throws(() => stack.oof, /not fitted/);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test.run();

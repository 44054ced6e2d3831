// `stacklab train` in a CI log: stderr is a pipe, so the epoch bar shows only with --progress, as plain lines at
// most every 5 s, and never with --quiet.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { trainCommand } from '../../src/commands/train.js';
import type { TrainCommandOptions } from '../../src/commands/trainCommandOptions.js';
import { testEngine } from '../support/engine.js';
import { capturedOutput } from '../support/capturedOutput.js';

const test = suite('train progress off a terminal');
const iris: TrainCommandOptions = { data: 'iris', ignore: [], hidden: [8], epochs: 6, batchSize: 32, lr: 0.01, impl: 'custom', testSize: 0.2, seed: 0 };

async function trainLines(options: TrainCommandOptions, prefix: string) {
  const engine = await testEngine();
  const started = performance.now();
  const output = await capturedOutput(() => trainCommand(options, engine));
  const seconds = (performance.now() - started) / 1000;
  return { ...output, seconds, bars: output.stderr.split('\n').filter((line) => line.startsWith(prefix)) };
}

test('--progress: a line at the start and the end, at most one every 5 s between, no escape codes, nothing on stdout', async () => {
  assert.not.ok(process.stderr.isTTY, 'the test runner pipes stderr');
  const run = await trainLines({ ...iris, progress: true }, 'custom ');
  assert.match(run.bars[0], /^custom ░{40} epoch 0\/6 \| loss - \| - ms$/);
  assert.match(run.bars[run.bars.length - 1], /^custom █{40} epoch 6\/6 \| loss \d+\.\d{4} \| \d+ ms$/);
  assert.ok(run.bars.length <= 2 + Math.floor(run.seconds / 5), `${run.bars.length} lines in ${run.seconds.toFixed(1)} s:\n${run.bars.join('\n')}`);
  assert.not.match(run.stderr, /\x1b/);
  assert.not.match(run.stdout, /epoch \d/);
  assert.match(run.stdout, /test accuracy/);
});

test('--progress with --repeats: the batch\'s bar with its mean loss', async () => {
  const run = await trainLines({ ...iris, epochs: 4, repeats: 2, progress: true }, 'custom ×2 ');
  assert.match(run.bars[0], /^custom ×2 ░{40} epoch 0\/4 \| mean loss -$/);
  assert.match(run.bars[run.bars.length - 1], /^custom ×2 █{40} epoch 4\/4 \| mean loss \d+\.\d{4}$/);
});

test('--quiet prints no bar even with --progress, and without --progress a pipe gets none', async () => {
  const quiet = await trainLines({ ...iris, quiet: true, progress: true }, 'custom ');
  assert.is(quiet.stderr, '');
  assert.is(quiet.stdout, '');
  const unasked = await trainLines(iris, 'custom ');
  assert.equal(unasked.bars, []);
  assert.not.match(unasked.stderr, /epoch/);
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldBar, progressBars } from '../../src/terminal/progressBars.js';
import { capturedOutput } from '../support/capturedOutput.js';

const test = suite('progress bars off a terminal (--progress with stderr redirected)');

/** Keeps the thread busy, as a synchronous training step does: no timer can fire meanwhile. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('every update prints a line with the pace once the last line is old enough, though no timer fires in between', async () => {
  assert.not.ok(process.stderr.isTTY, 'the test runner pipes stderr');
  const { stderr } = await capturedOutput(() => {
    const task = progressBars(true, 20)('training, 5/class', 3, 15);
    for (let done = 1; done <= 3; done++) {
      busy(25);
      task.update(done);
    }
    task.end();
  });
  for (const step of ['1/3', '2/3', '3/3']) assert.match(stderr, new RegExp(`training, 5/class \\[[=-]+\\] ${step}, [0-9.]+ examples/s, [0-9]+ s left`));
});

const look = { format: 'regression {bar} epoch {value}/{total} | loss {loss}', style: 'shades' as const };

test('a bar with fields of its own prints them on its lines, no escape codes, no line for updates in quick succession, and the last from end()', async () => {
  const { stderr } = await capturedOutput(() => {
    const bar = fieldBar({ progress: true }, look, 4, { loss: '-' }, 20);
    busy(25);
    bar.update(1, { loss: '0.9000' });
    bar.update(2, { loss: '0.5000' });
    bar.update(3, { loss: '0.3000' });
    bar.update(4, { loss: '0.2000' });
    bar.end();
  });
  const lines = stderr.split('\n').filter(Boolean);
  assert.equal(
    lines.map((line) => line.replace(/[█░]+/, 'BAR')),
    ['regression BAR epoch 0/4 | loss -', 'regression BAR epoch 1/4 | loss 0.9000', 'regression BAR epoch 4/4 | loss 0.2000'],
  );
  assert.not.match(stderr, /\x1b/);
});

test('no bar when quiet, even with --progress, nor off a terminal without --progress', async () => {
  for (const choice of [{ quiet: true, progress: true }, {}]) {
    const { stderr } = await capturedOutput(() => {
      const bar = fieldBar(choice, look, 2, { loss: '-' }, 0);
      bar.update(1, { loss: '0.5000' });
      bar.update(2, { loss: '0.2000' });
      bar.end();
    });
    assert.is(stderr, '', JSON.stringify(choice));
  }
});

test.run();

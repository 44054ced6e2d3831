import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { progressBars } from '../../src/terminal/progressBars.js';

const test = suite('progress bars off a terminal (--progress with stderr redirected)');

/** Keeps the thread busy, as a synchronous training step does: no timer can fire meanwhile. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('every update prints a line with the pace once the last line is old enough, though no timer fires in between', () => {
  assert.not.ok(process.stderr.isTTY, 'the test runner pipes stderr');
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const task = progressBars(true, 20)('training, 5/class', 3, 15);
    for (let done = 1; done <= 3; done++) {
      busy(25);
      task.update(done);
    }
    task.end();
  } finally {
    process.stderr.write = write;
  }
  const text = lines.join('');
  for (const step of ['1/3', '2/3', '3/3']) assert.match(text, new RegExp(`training, 5/class \\[[=-]+\\] ${step}, [0-9.]+ examples/s, [0-9]+ s left`));
});

test.run();

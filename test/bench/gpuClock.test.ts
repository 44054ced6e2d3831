import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { judgeGpuDeltas } from '../../src/bench/gpuClock.js';

const test = suite('GPU timestamp deltas');

test('nanosecond deltas with no common microsecond divisor are usable', () => {
  assert.is(judgeGpuDeltas([1234n, 5677n, 90001n]).status, 'ok');
});

test('deltas that are all multiples of 100 µs are reported as quantized, naming the quantum', () => {
  const verdict = judgeGpuDeltas([100_000n, 300_000n, 200_000n, 100_000n]);
  assert.is(verdict.status, 'quantized');
  assert.match(verdict.detail, /multiple of 100 µs/);
});

test('all-zero deltas, some zero deltas, negative deltas and no deltas are each named', () => {
  assert.is(judgeGpuDeltas([0n, 0n, 0n]).status, 'zero');
  assert.is(judgeGpuDeltas([5123n, 0n, 7001n]).status, 'quantized');
  assert.is(judgeGpuDeltas([5123n, -3n]).status, 'invalid');
  assert.is(judgeGpuDeltas([]).status, 'unavailable');
});

test.run();

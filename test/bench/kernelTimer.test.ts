// Every tfjs kernel of a call timed, whoever answers it: in order, scopes of ops with their own gradient left out,
// on GPU timestamps where the adapter has them and on the wall clock where it has not.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { profileKernels } from '../../src/bench/kernelTimer.js';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { testEngine } from '../support/engine.js';

const test = suite('bench model: tfjs kernels timed one by one');

/** A matmul, a fused matmul (an op tfjs profiles as a scope around its kernel) and a relu. */
function someKernels(): void {
  tf.tidy(() => {
    const a = tf.ones([8, 16]);
    const b = tf.ones([16, 4]);
    const fused = tf.fused.matMul({ a, b, bias: tf.ones([4]), activation: 'relu' });
    return tf.relu(tf.matMul(fused, tf.ones([4, 2])));
  });
}

test('each kernel call in order with its time; the fused op once, as its kernel', async () => {
  const engine = await testEngine();
  await bindTfjs(engine);
  const timestamps = await profileKernels(engine, someKernels);
  const withoutTimestamps = await profileKernels({ ...engine, facts: { ...engine.facts, timestamps: false } }, someKernels);
  assert.is(timestamps.clock, engine.facts.timestamps ? 'GPU timestamps' : 'wall clock');
  assert.is(withoutTimestamps.clock, 'wall clock');
  for (const profiled of [timestamps, withoutTimestamps]) {
    // tfjs's matMul ops reshape their operands to 3-D and the result back: kernels of their own.
    assert.equal(profiled.kernels.map((k) => k.name), ['Reshape', 'Reshape', '_FusedMatMul', 'Reshape', 'BatchMatMul', 'Relu'], profiled.clock);
    assert.ok(profiled.kernels.every((k) => Number.isFinite(k.ms) && k.ms >= 0), profiled.clock);
    assert.ok(profiled.peakTfjsBytes >= (8 * 16 + 16 * 4) * 4, `${profiled.clock}: peak ${profiled.peakTfjsBytes} bytes holds the operands`);
  }
  assert.ok(withoutTimestamps.kernels.some((k) => k.ms > 0), 'the wall clock sees each submit take some time');
});

test.run();

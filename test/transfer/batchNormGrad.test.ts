import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { activateConvBackend } from '../../src/transfer/convBackend.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: BatchNorm input gradient by broadcasting (registered with the wasm backend)');

test('dx is bit-identical to tfjs\'s tiled formula dy · tile(1/√(variance + ε)) · scale, without a Tile, and the other gradients still come', async () => {
  const engine = await testEngine();
  await activateConvBackend(engine, 'wasm');
  try {
    const random = seededRandom(5);
    const [n, h, w, c] = [2, 5, 3, 7];
    const x = tf.tensor4d(randomFloats(n * h * w * c, random), [n, h, w, c]);
    const probe = tf.tensor4d(randomFloats(n * h * w * c, random), [n, h, w, c]);
    const mean = tf.tensor1d(randomFloats(c, random));
    const variance = tf.tensor1d(randomFloats(c, random).map((v) => v * v + 0.1));
    const offset = tf.tensor1d(randomFloats(c, random));
    const scale = tf.tensor1d(randomFloats(c, random));
    const epsilon = 1e-3;
    let grads: tf.Tensor[] = [];
    const profile = await tf.profile(() => {
      grads = tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
        tf.batchNorm(a as tf.Tensor4D, m, v, o, s, epsilon).mul(probe).sum(),
      )([x, mean, variance, offset, scale]);
    });
    assert.not.ok(profile.kernelNames.includes('Tile'), profile.kernelNames.join(', '));
    const tiled = tf.tidy(() => probe.mul(tf.tile(tf.rsqrt(variance.add(epsilon)).reshape([1, 1, 1, c]), [n, h, w, 1])).mul(scale));
    assert.equal(Array.from(grads[0].dataSync()), Array.from(tiled.dataSync()));
    assert.equal(grads.slice(1).map((g) => g.shape), [[c], [c], [c], [c]]);
    tf.dispose([x, probe, mean, variance, offset, scale, tiled, ...grads]);
  } finally {
    await activateConvBackend(engine, 'webgpu');
  }
});

test.run();

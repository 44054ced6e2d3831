import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { ShapeError } from '../../src/gpu/errors.js';
import { matmul, matmulVariants } from '../../src/kernels/matmul.js';
import { matmulReference } from '../../src/kernels/matmul.reference.js';
import { testEngine } from '../support/engine.js';
import { matmulShapes } from '../support/shapes.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';

const test = suite('matmul');

test('every variant and transpose matches the float64 reference on 100+ shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(7);
  const shapes = matmulShapes(random, 104);
  for (const variant of matmulVariants) {
    for (const [i, { M, N, K }] of shapes.entries()) {
      const transposeA = i % 2 === 1;
      const transposeB = i % 4 >= 2;
      const a = randomFloats(M * K, random);
      const b = randomFloats(K * N, random);
      const A = createArray(engine, 'A', transposeA ? [K, M] : [M, K], a);
      const B = createArray(engine, 'B', transposeB ? [N, K] : [K, N], b);
      const C = await matmul(engine, A, B, { transposeA, transposeB, variant });
      const got = await readArray(engine, C);
      const want = matmulReference(a, b, { M, N, K, transposeA, transposeB });
      const magnitude = matmulReference(a.map(Math.abs), b.map(Math.abs), { M, N, K, transposeA, transposeB });
      const result = compareWithBounds(got, want, (j) => gamma(K) * magnitude[j] + 1e-30);
      assert.ok(result.ok, `${variant.name} ${M}x${N}x${K} Aᵀ=${transposeA} Bᵀ=${transposeB}: ${describe(result)}`);
      [A, B, C].forEach(destroyArray);
    }
  }
});

test('mismatched inner dimensions throw a ShapeError naming the operand and both shapes', async () => {
  const engine = await testEngine();
  const A = createArray(engine, 'A', [4, 3]);
  const B = createArray(engine, 'B', [5, 2]);
  try {
    await matmul(engine, A, B);
    assert.unreachable('matmul accepted A [4, 3] · B [5, 2]');
  } catch (error) {
    assert.instance(error, ShapeError);
    assert.match((error as Error).message, /matmul: operand B has shape \[5, 2\] but \[3, 2\] was expected/);
  }
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import { fusedMatmul } from '../../src/kernels/fusedMatmul.js';
import { fusedMatmulReference, type BroadcastOperand } from '../../src/kernels/fusedMatmul.reference.js';
import { fusedActivations } from '../../src/kernels/fusedActivation.js';
import { ShapeError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';
import { fusedActivationBound } from '../support/activationError.js';
import { matmulShapes } from '../support/shapes.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';

const test = suite('fusedMatmul');

/** A bias-like operand broadcast to [batch, M, N] in one of the ways tfjs's callers send: none, scalar, row, column, full. */
function broadcastShape(random: Random, batch: number, M: number, N: number): [number, number, number] | null {
  const forms: ([number, number, number] | null)[] = [null, [1, 1, 1], [1, 1, N], [1, M, 1], [1, M, N], [batch, 1, N], [batch, M, N]];
  return forms[random.int(forms.length)];
}

test('every activation, transpose and broadcast matches the float64 reference on 70 batched shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(31);
  const batches = [1, 2, 3, 5];
  for (const [i, { M, N, K }] of matmulShapes(random, 70, 4e5).entries()) {
    const activation = fusedActivations[i % fusedActivations.length];
    const transposeA = Math.floor(i / 7) % 2 === 1;
    const transposeB = Math.floor(i / 14) % 2 === 1;
    const batch = batches[i % batches.length];
    // One side may hold one matrix for every batch entry (tfjs broadcasts it).
    const [batchA, batchB] = i % 3 === 1 ? [1, batch] : i % 3 === 2 ? [batch, 1] : [batch, batch];
    const a = randomFloats(batchA * M * K, random);
    const b = randomFloats(batchB * K * N, random);
    const biasShape = broadcastShape(random, batch, M, N);
    const bias: BroadcastOperand | undefined = biasShape ? { shape: biasShape, values: randomFloats(biasShape[0] * biasShape[1] * biasShape[2], random) } : undefined;
    const alphaShape = activation === 'prelu' ? (broadcastShape(random, batch, M, N) ?? [1, 1, N]) : null;
    const alpha: BroadcastOperand | undefined = alphaShape ? { shape: alphaShape, values: randomFloats(alphaShape[0] * alphaShape[1] * alphaShape[2], random) } : undefined;
    const leakyreluAlpha = 0.3;
    const A = createArray(engine, 'A', transposeA ? [batchA, K, M] : [batchA, M, K], a);
    const B = createArray(engine, 'B', transposeB ? [batchB, N, K] : [batchB, K, N], b);
    const Bias = bias && createArray(engine, 'bias', bias.shape, bias.values);
    const Alpha = alpha && createArray(engine, 'alpha', alpha.shape, alpha.values);
    const C = await fusedMatmul(engine, A, B, { transposeA, transposeB, activation, leakyreluAlpha, bias: Bias, alpha: Alpha });
    const dims = { batch, batchA, batchB, M, N, K, transposeA, transposeB };
    const want = fusedMatmulReference(a, b, dims, { bias, activation, alpha, leakyreluAlpha });
    const magnitude = fusedMatmulReference(a.map(Math.abs), b.map(Math.abs), dims, { bias: bias && { shape: bias.shape, values: Array.from(bias.values, Math.abs) } }).z;
    // The slope each element used: its alpha, broadcast the way the kernel reads it.
    const slopes = alpha ? fusedMatmulReference(new Float32Array(batchA * M * K), new Float32Array(batchB * K * N), dims, { bias: alpha }).z : null;
    const bound = (j: number) => fusedActivationBound(want.z[j], gamma(K + 1) * magnitude[j], activation, slopes ? slopes[j] : leakyreluAlpha) + 1e-30;
    const result = compareWithBounds(await readArray(engine, C), want.y, bound);
    const what = `${activation} [${batchA}|${batchB}→${batch}] ${M}x${N}x${K} Aᵀ=${transposeA} Bᵀ=${transposeB} bias [${biasShape ?? 'none'}] alpha [${alphaShape ?? '-'}]`;
    assert.ok(result.ok, `${what}: ${describe(result)}`);
    [A, B, Bias, Alpha, C].forEach((x) => x && destroyArray(x));
  }
});

test('batches that neither match nor broadcast, and a bias of the wrong width, are ShapeErrors naming the operand', async () => {
  const engine = await testEngine();
  const A = createArray(engine, 'A', [2, 3, 4]);
  const B = createArray(engine, 'B', [3, 4, 5]);
  const B2 = createArray(engine, 'B', [2, 4, 5]);
  const bias = createArray(engine, 'bias', [1, 1, 4]);
  try {
    await fusedMatmul(engine, A, B).then(() => assert.unreachable('batches 2 and 3 were accepted'), (e: Error) => assert.ok(e instanceof ShapeError && /operand B/.test(e.message) && /2 batch entries/.test(e.message), e.message));
    await fusedMatmul(engine, A, B2, { bias }).then(() => assert.unreachable('a bias of width 4 was accepted for N = 5'), (e: Error) => assert.ok(e instanceof ShapeError && /operand bias/.test(e.message), e.message));
  } finally {
    [A, B, B2, bias].forEach(destroyArray);
  }
});

test.run();

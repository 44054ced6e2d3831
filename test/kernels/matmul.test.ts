import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seededRandom, randomFloats, type Random } from '../../src/data/random.js';
import { createArray, readArray, destroyArray } from '../../src/gpu/gpuArray.js';
import type { Engine } from '../../src/gpu/engine.js';
import { ShapeError } from '../../src/errors.js';
import { chooseMatmulVariant, matmul, matmulVariants, prepareMatmul, type MatmulVariant } from '../../src/kernels/matmul.js';
import { matmulReference } from '../../src/kernels/matmul.reference.js';
import { deviceMisfit, shapeMisfit } from '../../src/kernels/matmulVariants.js';
import { adapterKey } from '../../src/gpu/tuning.js';
import { applicableVariants, heuristicVariant, type ChooseOptions } from '../../src/kernels/matmulTuning.js';
import { rejects } from '../support/rejects.js';
import { testEngine } from '../support/engine.js';
import { matmulShapes, type Dims } from '../support/shapes.js';
import { compareWithBounds, describe, gamma } from '../support/tolerance.js';
import { GpuScope } from '../../src/gpu/gpuScope.js';

const test = suite('matmul');

/** Runs one product on the GPU and checks it against the float64 reference within γ_K · Σ|a·b|. */
async function expectMatches(engine: Engine, random: Random, { M, N, K }: Dims, transposeA: boolean, transposeB: boolean, variant?: MatmulVariant) {
  const a = randomFloats(M * K, random);
  const b = randomFloats(K * N, random);
  const A = createArray(engine, 'A', transposeA ? [K, M] : [M, K], a);
  const B = createArray(engine, 'B', transposeB ? [N, K] : [K, N], b);
  const C = await matmul(engine, A, B, { transposeA, transposeB, variant });
  const got = await readArray(engine, C);
  const want = matmulReference(a, b, { M, N, K, transposeA, transposeB });
  const magnitude = matmulReference(a.map(Math.abs), b.map(Math.abs), { M, N, K, transposeA, transposeB });
  const result = compareWithBounds(got, want, (j) => gamma(K) * magnitude[j] + 1e-30);
  const name = variant?.name ?? `chosen ${chooseMatmulVariant({ M, N, K }, { transposeA, transposeB, allowSplitK: true }, engine).name}`;
  assert.ok(result.ok, `${name} ${M}x${N}x${K} Aᵀ=${transposeA} Bᵀ=${transposeB}: ${describe(result)}`);
  [A, B, C].forEach(destroyArray);
}

/**
 * Shapes a variant can take: dims rounded up to a multiple of 4 for vec4, whole tiles when it skips bounds checks.
 * The long sums stop at K = 1031 (33 to 129 tiles of K): a 128×128-tile variant on SwiftShader computes whole tiles,
 * so 3×5×4096 cost it up to 1.3 s; the chosen-variant test keeps K = 4096.
 */
function shapesFor(variant: MatmulVariant, random: Random): Dims[] {
  if (!variant.checkBounds) {
    const { tileM: m, tileN: n, tileK: k } = variant;
    return [{ M: m, N: n, K: k }, { M: 2 * m, N: n, K: 7 * k }, { M: m, N: 2 * n, K: 33 * k }];
  }
  const up = (d: number) => (variant.shader === 'vec4' ? 4 * Math.ceil(d / 4) : d);
  return matmulShapes(random, 8, 4e6).map(({ M, N, K }) => ({ M: up(M), N: up(N), K: up(Math.min(K, 1031)) }));
}

test('the chosen variant matches the float64 reference on 100+ shapes, with every transpose', async () => {
  const engine = await testEngine();
  const random = seededRandom(7);
  for (const [i, dims] of matmulShapes(random, 104, 5e6).entries()) await expectMatches(engine, random, dims, i % 2 === 1, i % 4 >= 2);
});

/** The limits every WebGPU device has at least, so a variant within them must run everywhere. */
const webgpuDefaultLimits = { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupStorageSize: 16384 } as GPUSupportedLimits;

test('every variant this device runs matches the float64 reference on its own shapes', async () => {
  const engine = await testEngine();
  const random = seededRandom(11);
  const ran: string[] = [];
  // One transpose pair per variant, rotating through all four: on SwiftShader each pipeline takes seconds to compile.
  for (const [v, variant] of matmulVariants.entries()) {
    if (deviceMisfit(variant, engine.device.limits)) continue;
    for (const dims of shapesFor(variant, random)) await expectMatches(engine, random, dims, v % 2 === 1, v % 4 >= 2, variant);
    ran.push(variant.name);
  }
  const mustRun = matmulVariants.filter((v) => !deviceMisfit(v, webgpuDefaultLimits)).map((v) => v.name);
  // 10 of the 11 variants fit the default limits (tile16x64x32 wants 20 KiB of workgroup memory); all 10 must run.
  assert.ok(mustRun.length >= 10, `only ${mustRun.length} of ${matmulVariants.length} variants fit WebGPU's default limits`);
  assert.equal(ran.filter((name) => mustRun.includes(name)), mustRun, 'every variant within the default limits ran');
});

test('without a tune cache: split-K for tall and skinny, 128×128 tiles for large, the scalar kernel when unaligned', async () => {
  const { limits } = (await testEngine()).device;
  const pick = (dims: Dims, options: ChooseOptions = {}) => heuristicVariant(dims, applicableVariants(dims, options, limits)).name;
  assert.is(pick({ M: 10, N: 64, K: 4096 }, { allowSplitK: true }), 'tile32x32x16-t2x2-splitk');
  assert.is.not(pick({ M: 10, N: 64, K: 4096 }), 'tile32x32x16-t2x2-splitk', 'split-K chosen for a single-pass caller');
  assert.is(pick({ M: 2048, N: 2048, K: 2048 }), 'tile128x128x8-t8x8-vec4-db-nocheck');
  assert.is(pick({ M: 2047, N: 2048, K: 2048 }), 'tile128x128x8-t8x8-vec4-db');
  assert.is(pick({ M: 2048, N: 2048, K: 2048 }, { transposeA: true }), 'tile128x128x8-t8x8-vec4-db-nocheck');
  assert.is(pick({ M: 300, N: 301, K: 64 }), 'tile64x64x16-t4x4');
  assert.is(pick({ M: 30, N: 31, K: 64 }), 'tile32x32x8-t2x2');
});

test('a tuned winner in the engine\'s tune table is used where it applies, else the heuristics', async () => {
  const engine = await testEngine();
  const winner = 'tile32x32x16-t4x4-vec4-db';
  const { vendor, architecture, description } = engine.facts;
  engine.tuning = { version: 1, adapters: { [adapterKey(engine.facts)]: { adapter: { vendor, architecture, description }, date: '2026-11-26', winners: { '64x64x64': winner } } } };
  try {
    assert.is(chooseMatmulVariant({ M: 64, N: 64, K: 64 }, {}, engine).name, winner);
    assert.is(chooseMatmulVariant({ M: 60, N: 72, K: 52 }, {}, engine).name, winner, 'same bucket');
    assert.is.not(chooseMatmulVariant({ M: 63, N: 65, K: 63 }, {}, engine).name, winner, 'the winner needs N % 4 = 0');
    assert.is.not(chooseMatmulVariant({ M: 512, N: 512, K: 512 }, {}, engine).name, winner, 'another bucket');
  } finally {
    engine.tuning = null;
  }
});

test('a variant that cannot take a shape says why instead of computing garbage', async () => {
  const engine = await testEngine();
  const vec4 = matmulVariants.find((v) => v.name === 'tile64x64x16-t4x4-vec4-db')!;
  const noCheck = matmulVariants.find((v) => !v.checkBounds)!;
  const splitK = matmulVariants.find((v) => v.splitK)!;
  assert.match(shapeMisfit(vec4, { M: 8, N: 6, K: 8 }) ?? '', /N = 6 is not a multiple of 4/);
  assert.match(shapeMisfit(noCheck, { M: 100, N: 128, K: 64 }) ?? '', /does not divide/);
  const A = createArray(engine, 'A', [8, 8]);
  const B = createArray(engine, 'B', [8, 6]);
  const C = createArray(engine, 'C', [8, 6]);
  const scope = new GpuScope(engine, 'misfit test');
  await rejects(prepareMatmul(scope, A, B, C, { variant: vec4 }), Error, /cannot run 8x6x8/);
  await rejects(prepareMatmul(scope, A, B, C, { variant: splitK }), Error, /prepareMatmulSteps/);
  [A, B, C].forEach(destroyArray);
  scope.dispose();
});

test('mismatched inner dimensions throw a ShapeError naming the operand and both shapes', async () => {
  const engine = await testEngine();
  const A = createArray(engine, 'A', [4, 3]);
  const B = createArray(engine, 'B', [5, 2]);
  await rejects(matmul(engine, A, B), ShapeError, /matmul: operand B has shape \[5, 2\] but \[3, 2\] was expected/);
});

test.run();

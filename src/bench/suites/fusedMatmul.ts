// fused-matmul: the batched product with bias and ReLU6 fused (fusedMatmul, what the tfjs drop-in runs batched and
// fused products on), against tfjs's own fused matMul on the same batched operands.
import { createArray, destroyArray } from '../../gpu/gpuArray.js';
import { tensorFromArray, tf } from '../../gpu/tfjsBackend.js';
import { prepareFusedMatmul } from '../../kernels/fusedMatmul.js';
import { gamma, maxAbs } from '../agreement.js';
import { customImpl } from '../customImpl.js';
import { randomOperands } from '../inputs.js';
import { expectDims } from '../shapes.js';
import type { Suite } from '../suite.js';
import { tfjsImpl } from '../tfjsImpl.js';

const shapeMeaning = 'BxMxNxK: C[B, M, N] = relu6(A[B, M, K] · W[B, K, N] + b[N])';

/** Attention-sized batches (heads × sequence × head width); quick keeps them small and off every tile. */
const batchedShapes = {
  quick: [[4, 33, 64, 31], [8, 65, 17, 64]],
  full: [[8, 128, 128, 64], [16, 256, 256, 64], [32, 64, 64, 64], [8, 512, 512, 512]],
};

export const fusedMatmulSuite: Suite = {
  name: 'fused-matmul',
  metric: 'gflops',
  shapeMeaning,
  defaultShapes: (sweep) => batchedShapes[sweep],
  cases(shapes) {
    shapes.forEach((shape) => expectDims('fused-matmul', shape, 4, shapeMeaning));
    return shapes.map(([batch, M, N, K]) => ({ suite: 'fused-matmul', name: `${batch}x${M}x${N}x${K} relu6`, shape: { batch, M, N, K } }));
  },
  async prepare(engine, spec) {
    const { batch, M, N, K } = spec.shape;
    const [a, b, bias] = randomOperands(engine, spec.name, [
      { label: 'bench fused-matmul A', shape: [batch, M, K] },
      { label: 'bench fused-matmul B', shape: [batch, K, N] },
      { label: 'bench fused-matmul bias', shape: [1, 1, N] },
    ]);
    const c = createArray(engine, 'bench fused-matmul C', [batch, M, N]);
    const [ta, tb, tbias] = [a, b, bias].map((o) => tensorFromArray(o.array));
    // ReLU6 is exact, so the tolerance is the sums' alone: K products and the bias.
    const tolerance = 2 * gamma(K + 1) * (K * maxAbs(a.values) * maxAbs(b.values) + maxAbs(bias.values));
    return {
      impls: [
        await customImpl(engine, 'custom', async (scope) => [await prepareFusedMatmul(scope, { a: a.array, b: b.array, bias: bias.array, c }, { activation: 'relu6' })], [c]),
        await tfjsImpl(engine, 'tfjs-fused', () => tf.fused.matMul({ a: ta, b: tb, bias: tbias, activation: 'relu6' })),
      ],
      tolerance,
      toleranceRule: `2·γ_{K+1}·(K·max|A|·max|B| + max|b|), K = ${K}; ReLU6 adds no error`,
      work: { flops: batch * (2 * M * N * K + 2 * M * N), bytes: 4 * (batch * (M * K + K * N + M * N) + N) },
      dispose() {
        tf.dispose([ta, tb, tbias]);
        [a.array, b.array, bias.array, c].forEach(destroyArray);
      },
    };
  },
};

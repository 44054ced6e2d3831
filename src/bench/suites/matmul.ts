// matmul: the custom tiled kernel against tf.matMul, each shape in its plain and transposed forms.
import { destroyArray, createArray } from '../../gpu/gpuArray.js';
import { tensorFromArray, tf } from '../../gpu/tfjsBackend.js';
import { prepareMatmul } from '../../kernels/matmul.js';
import { dotProductTolerance, maxAbs } from '../agreement.js';
import { customImpl } from '../customImpl.js';
import { randomOperands } from '../inputs.js';
import { expectDims } from '../shapes.js';
import type { CaseSpec, Suite } from '../suite.js';
import { tfjsImpl } from '../tfjsImpl.js';
import { contractOf } from '../userKernel/contracts.js';

// quick is for CPU emulation (SwiftShader), where tfjs compiles each shape's program for seconds: a few minutes in all.
// Its sizes are off every tile (127, a batch of 33), so a kernel that is right only on multiples of 16 shows it.
const squares = { quick: [127], full: [256, 512, 1024, 2048, 4096] };
/** [in, out] of the dense layers the project trains, and a tall-skinny one. */
const layers = { quick: [[64, 64], [784, 128]], full: [[784, 128], [128, 64], [64, 10], [1024, 1024], [4096, 16]] };
const batches = { quick: [33], full: [32, 256, 1024, 8192] };

const forms = [
  { suffix: '', transposeA: false, transposeB: false },
  { suffix: ' Aᵀ', transposeA: true, transposeB: false },
  { suffix: ' Bᵀ', transposeA: false, transposeB: true },
  { suffix: ' AᵀBᵀ', transposeA: true, transposeB: true },
];

export const matmulSuite: Suite = {
  name: 'matmul',
  metric: 'gflops',
  shapeMeaning: 'MxNxK: C[M, N] = op(A)[M, K] · op(B)[K, N]',
  defaultShapes(sweep) {
    const dense = batches[sweep].flatMap((batch) => layers[sweep].map(([inputs, outputs]) => [batch, outputs, inputs]));
    return [...squares[sweep].map((n) => [n, n, n]), ...dense];
  },
  cases(shapes, { transposed, builtIn }) {
    shapes.forEach((shape) => expectDims('matmul', shape, 3, this.shapeMeaning));
    return shapes.flatMap(([M, N, K]) =>
      forms
        .filter((f) => transposed || builtIn || (!f.transposeA && !f.transposeB))
        .map((f) => ({ suite: 'matmul', name: `${M}x${N}x${K}${f.suffix}`, shape: { M, N, K }, form: { transposeA: f.transposeA, transposeB: f.transposeB } })),
    );
  },
  async prepare(engine, spec: CaseSpec) {
    const { M, N, K } = spec.shape;
    const transposeA = spec.form?.transposeA === true;
    const transposeB = spec.form?.transposeB === true;
    const [a, b] = randomOperands(engine, spec.name, [
      { label: 'bench matmul A', shape: transposeA ? [K, M] : [M, K] },
      { label: 'bench matmul B', shape: transposeB ? [N, K] : [K, N] },
    ]);
    const c = createArray(engine, 'bench matmul C', [M, N]);
    const tensors = [tensorFromArray(a.array), tensorFromArray(b.array)];
    const { tolerance, rule } = dotProductTolerance(K, maxAbs(a.values), maxAbs(b.values));
    return {
      impls: [
        await customImpl(engine, 'custom', async (scope) => [await prepareMatmul(scope, a.array, b.array, c, { transposeA, transposeB })], [c]),
        await tfjsImpl(engine, 'tfjs', () => tf.matMul(tensors[0], tensors[1], transposeA, transposeB)),
      ],
      tolerance,
      toleranceRule: rule,
      operands: { A: a.array, B: b.array },
      work: contractOf('matmul')!.work(spec.shape),
      dispose() {
        tf.dispose(tensors);
        [a.array, b.array, c].forEach(destroyArray);
      },
    };
  },
};

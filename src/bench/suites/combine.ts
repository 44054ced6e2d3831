// combine: the meta-learner's out[n, c] = Σ_m softmax(α)_m · P[m, n, c] against tf.softmax then a weighted sum
// (written as multiply-and-sum, and as one matMul).
// Memory-bound, so it is reported in GB/s.
import { createArray, destroyArray } from '../../gpu/gpuArray.js';
import { tensorFromArray, tf } from '../../gpu/tfjsBackend.js';
import { prepareCombine } from '../../kernels/combine.js';
import { gamma, maxAbs, unitRoundoff } from '../agreement.js';
import { customImpl } from '../customImpl.js';
import { randomOperands } from '../inputs.js';
import { expectDims } from '../shapes.js';
import type { Suite } from '../suite.js';
import { tfjsImpl } from '../tfjsImpl.js';
import { contractOf } from '../userKernel/contracts.js';

const meaning = 'MxRxC: P[models M, rows R, classes C], α[M]';
const shapes = {
  quick: [[5, 1000, 10]],
  full: [[5, 1000, 10], [5, 100000, 10], [8, 100000, 100], [16, 1000000, 10]],
};

export const combineSuite: Suite = {
  name: 'combine',
  metric: 'gbps',
  shapeMeaning: meaning,
  defaultShapes: (sweep) => shapes[sweep],
  cases(list) {
    list.forEach((shape) => expectDims('combine', shape, 3, meaning));
    return list.map(([models, rows, classes]) => ({ suite: 'combine', name: `${models}x${rows}x${classes}`, shape: { models, rows, classes } }));
  },
  async prepare(engine, spec) {
    const { models, rows, classes } = spec.shape;
    const [p, alpha] = randomOperands(engine, spec.name, [
      { label: 'bench combine P', shape: [models, rows, classes] },
      { label: 'bench combine alpha', shape: [models] },
    ]);
    const out = createArray(engine, 'bench combine out', [rows, classes]);
    const [tp, talpha] = [p.array, alpha.array].map(tensorFromArray);
    // Σ_m w_m·P: M products summed (γ_M) with weights each within 19u of softmax(α) (WGSL exp: 3 + 2|x| ULP for
    // |α_m − max α| ≤ 2, division 2.5 ULP, the normaliser's sum γ_M; 1 ULP ≤ 2u); the weights sum to 1.
    const perImpl = (2 * gamma(models) + 19 * unitRoundoff) * maxAbs(p.values);
    return {
      impls: [
        await customImpl(engine, 'custom', async (scope) => [await prepareCombine(scope, p.array, alpha.array, out)], [out]),
        await tfjsImpl(engine, 'tfjs', () => tf.sum(tf.mul(tp, tf.reshape(tf.softmax(talpha), [models, 1, 1])), 0)),
        // The same weighted sum as one [1, M]·[M, R·C] product, tfjs's fastest way to write it.
        await tfjsImpl(engine, 'tfjs-matmul', () =>
          tf.reshape(tf.matMul(tf.reshape(tf.softmax(talpha), [1, models]), tf.reshape(tp, [models, rows * classes])), [rows, classes]),
        ),
      ],
      tolerance: 2 * perImpl,
      toleranceRule: `2·(2γ_M + 19u)·max|P|, M = ${models}`,
      operands: { P: p.array, alpha: alpha.array },
      work: contractOf('combine')!.work(spec.shape),
      dispose() {
        tf.dispose([tp, talpha]);
        [p.array, alpha.array, out].forEach(destroyArray);
      },
    };
  },
};

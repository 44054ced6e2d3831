// dense-forward: the fused Y = relu(X·W + b) kernel against tf.matMul + add + relu, and against tfjs's own
// fused matMul (tf.fused.matMul with bias and activation).
import { createArray, destroyArray } from '../../gpu/gpuArray.js';
import { tensorFromArray, tf } from '../../gpu/tfjsBackend.js';
import { prepareDenseForward } from '../../kernels/dense.js';
import { gamma, maxAbs } from '../agreement.js';
import { customImpl } from '../customImpl.js';
import { randomOperands } from '../inputs.js';
import { expectDims } from '../shapes.js';
import type { Suite } from '../suite.js';
import { tfjsImpl } from '../tfjsImpl.js';
import { contractOf } from '../userKernel/contracts.js';

/** [batch, in, out]: the layers the project trains (digits 64→64→10, MNIST-sized 784→128) and a wide one. */
const layerShapes = {
  quick: [[32, 64, 64], [32, 784, 128]],
  full: [32, 256, 1024, 8192].flatMap((batch) => [[batch, 64, 64], [batch, 784, 128], [batch, 128, 10], [batch, 1024, 1024], [batch, 4096, 16]]),
};

const denseShapeMeaning = 'BxIxO: X[batch B, in I] · W[I, O] + b[O]';

/** The name, metric and cases the dense suites share: each BxIxO shape with a ReLU layer. */
export function denseSuiteBase(name: string): Omit<Suite, 'prepare'> {
  return {
    name,
    metric: 'gflops',
    shapeMeaning: denseShapeMeaning,
    defaultShapes: (sweep) => layerShapes[sweep],
    cases(shapes) {
      shapes.forEach((shape) => expectDims(name, shape, 3, denseShapeMeaning));
      // ReLU: the hidden activation the MLPs use.
      return shapes.map(([batch, inputs, outputs]) => ({ suite: name, name: `${batch}x${inputs}x${outputs} relu`, shape: { batch, inputs, outputs } }));
    },
  };
}

export const denseForwardSuite: Suite = {
  ...denseSuiteBase('dense-forward'),
  async prepare(engine, spec) {
    const { batch, inputs, outputs } = spec.shape;
    const [x, w, b] = randomOperands(engine, spec.name, [
      { label: 'bench dense X', shape: [batch, inputs] },
      { label: 'bench dense W', shape: [inputs, outputs] },
      { label: 'bench dense b', shape: [outputs] },
    ]);
    const y = createArray(engine, 'bench dense Y', [batch, outputs]);
    const [tx, tw, tb] = [x, w, b].map((o) => tensorFromArray(o.array));
    // ReLU is exact, so the tolerance is the products' alone. Each Z entry is a float32 sum of I products and the
    // bias: within γ_{I+1}·(I·max|X|·max|W| + max|b|).
    const tolerance = 2 * gamma(inputs + 1) * (inputs * maxAbs(x.values) * maxAbs(w.values) + maxAbs(b.values));
    return {
      impls: [
        await customImpl(engine, 'custom', async (scope) => [await prepareDenseForward(scope, x.array, w.array, b.array, y, 'relu')], [y]),
        await tfjsImpl(engine, 'tfjs', () => tf.relu(tf.add(tf.matMul(tx, tw), tb))),
        await tfjsImpl(engine, 'tfjs-fused', () => tf.fused.matMul({ a: tx, b: tw, bias: tb, activation: 'relu' })),
      ],
      tolerance,
      toleranceRule: `2·γ_{I+1}·(I·max|X|·max|W| + max|b|), I = ${inputs}; ReLU adds no error`,
      operands: { X: x.array, W: w.array, b: b.array },
      work: contractOf('dense-forward')!.work(spec.shape),
      dispose() {
        tf.dispose([tx, tw, tb]);
        [x.array, w.array, b.array, y].forEach(destroyArray);
      },
    };
  },
};

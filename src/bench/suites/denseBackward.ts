// dense-backward: the custom gradient kernels (dX, then dW with db) against what tfjs's gradients of matMul,
// add and relu compute: dZ = dY·step(Y), dX = dZ·Wᵀ, dW = Xᵀ·dZ, db = Σ_batch dZ.
import { createArray, destroyArray } from '../../gpu/gpuArray.js';
import { withScope } from '../../gpu/gpuScope.js';
import { run } from '../../gpu/recorder.js';
import { tensorFromArray, tf } from '../../gpu/tfjsBackend.js';
import { prepareDenseBackward, prepareDenseForward } from '../../kernels/dense.js';
import { gamma, maxAbs } from '../agreement.js';
import { customImpl } from '../customImpl.js';
import { randomOperands } from '../inputs.js';
import type { Suite } from '../suite.js';
import { tfjsImpl } from '../tfjsImpl.js';
import { denseSuiteBase } from './denseForward.js';
import { contractOf } from '../userKernel/contracts.js';

export const denseBackwardSuite: Suite = {
  ...denseSuiteBase('dense-backward'),
  async prepare(engine, spec) {
    const { batch, inputs, outputs } = spec.shape;
    const [x, w, b, dy] = randomOperands(engine, spec.name, [
      { label: 'bench dense X', shape: [batch, inputs] },
      { label: 'bench dense W', shape: [inputs, outputs] },
      { label: 'bench dense b', shape: [outputs] },
      { label: 'bench dense dY', shape: [batch, outputs] },
    ]);
    // The forward output both implementations differentiate through (relu′ is read from Y).
    const y = createArray(engine, 'bench dense Y', [batch, outputs]);
    await withScope(engine, 'bench dense forward', async (scope) => run(engine, await prepareDenseForward(scope, x.array, w.array, b.array, y, 'relu')));
    const dx = createArray(engine, 'bench dense dX', [batch, inputs]);
    const dw = createArray(engine, 'bench dense dW', [inputs, outputs]);
    const db = createArray(engine, 'bench dense db', [outputs]);
    const [tx, tw, ty, tdy] = [x.array, w.array, y, dy.array].map(tensorFromArray);
    const maxDz = maxAbs(dy.values);
    // dZ is exact (dY or 0); dX sums O products, dW and db sum B terms.
    const tolerance = 2 * Math.max(gamma(outputs) * outputs * maxDz * maxAbs(w.values), gamma(batch) * batch * maxDz * Math.max(maxAbs(x.values), 1));
    return {
      impls: [
        await customImpl(engine, 'custom', (scope) => prepareDenseBackward(scope, { x: x.array, w: w.array, y, dy: dy.array, dx, dw, db, activation: 'relu' }), [dx, dw, db]),
        await tfjsImpl(engine, 'tfjs', () => {
          const dz = tf.mul(tdy, tf.step(ty));
          return [tf.matMul(dz, tw, false, true), tf.matMul(tx, dz, true, false), tf.sum(dz, 0)];
        }),
      ],
      tolerance,
      toleranceRule: `2·max(γ_O·O·max|dY|·max|W|, γ_B·B·max|dY|·max(max|X|, 1)), O = ${outputs}, B = ${batch}`,
      operands: { X: x.array, W: w.array, Y: y, dY: dy.array },
      work: contractOf('dense-backward')!.work(spec.shape),
      dispose() {
        tf.dispose([tx, tw, ty, tdy]);
        [x.array, w.array, b.array, dy.array, y, dx, dw, db].forEach(destroyArray);
      },
    };
  },
};

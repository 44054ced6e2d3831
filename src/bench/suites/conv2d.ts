// conv2d: the implicit-GEMM convolution with bias and ReLU6 fused, against tfjs's own fused conv2d
// (tf.fused.conv2d, which tfjs-backend-webgpu runs as its conv2d_mm program, or as a product for 1×1 filters).
import { createArray, destroyArray } from '../../gpu/gpuArray.js';
import { tensorFromArray, tf } from '../../gpu/tfjsBackend.js';
import { conv2dGeometry, prepareConv2d } from '../../kernels/conv2d.js';
import { gamma, maxAbs } from '../agreement.js';
import { customImpl } from '../customImpl.js';
import { randomOperands } from '../inputs.js';
import { expectDims } from '../shapes.js';
import type { Suite } from '../suite.js';
import { tfjsImpl } from '../tfjsImpl.js';

const shapeMeaning = 'BxHxWxCxFxOxS: X[B, H, W, C] convolved with W[F, F, C, O], stride S, same padding, + b[O], ReLU6';

/**
 * MobileNet-style layers: a strided 3×3 stem, 3×3 and 1×1 (pointwise) convolutions. quick keeps them small for
 * CPU emulation (SwiftShader) and off every tile (odd sizes, 13 channels).
 */
const layerShapes = {
  quick: [[1, 29, 29, 3, 3, 16, 2], [1, 28, 28, 13, 3, 16, 1], [1, 28, 28, 32, 1, 64, 1]],
  full: [1, 8].flatMap((batch) => [
    [batch, 224, 224, 3, 3, 32, 2],
    [batch, 112, 112, 32, 1, 64, 1],
    [batch, 56, 56, 128, 1, 128, 1],
    [batch, 28, 28, 128, 3, 256, 1],
    [batch, 14, 14, 512, 1, 512, 1],
    [batch, 7, 7, 1024, 1, 1024, 1],
  ]),
};

export const conv2dSuite: Suite = {
  name: 'conv2d',
  metric: 'gflops',
  shapeMeaning,
  defaultShapes: (sweep) => layerShapes[sweep],
  cases(shapes) {
    shapes.forEach((shape) => expectDims('conv2d', shape, 7, shapeMeaning));
    return shapes.map(([batch, height, width, inChannels, filter, outChannels, stride]) => ({
      suite: 'conv2d',
      name: `${batch}x${height}x${width}x${inChannels} ${filter}x${filter}/${stride}→${outChannels} relu6`,
      shape: { batch, height, width, inChannels, filter, outChannels, stride },
    }));
  },
  async prepare(engine, spec) {
    const { batch, height, width, inChannels, filter, outChannels, stride } = spec.shape;
    const options = { strides: stride, padding: 'same' as const, activation: 'relu6' as const };
    const g = conv2dGeometry([batch, height, width, inChannels], [filter, filter, inChannels, outChannels], options);
    const [x, w, b] = randomOperands(engine, spec.name, [
      { label: 'bench conv2d X', shape: [batch, height, width, inChannels] },
      { label: 'bench conv2d W', shape: [filter, filter, inChannels, outChannels] },
      { label: 'bench conv2d bias', shape: [outChannels] },
    ]);
    const y = createArray(engine, 'bench conv2d Y', [batch, g.outHeight, g.outWidth, outChannels]);
    const [tx, tw, tb] = [x, w, b].map((o) => tensorFromArray(o.array)) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
    // ReLU6 is exact, so the tolerance is the sums' alone: each of K products and the bias, K = F·F·C.
    const K = filter * filter * inChannels;
    const tolerance = 2 * gamma(K + 1) * (K * maxAbs(x.values) * maxAbs(w.values) + maxAbs(b.values));
    const M = batch * g.outHeight * g.outWidth;
    return {
      impls: [
        await customImpl(engine, 'custom', async (scope) => [await prepareConv2d(scope, { x: x.array, filter: w.array, bias: b.array, y }, options)], [y]),
        await tfjsImpl(engine, 'tfjs-fused', () => tf.fused.conv2d({ x: tx, filter: tw, strides: stride, pad: 'same', bias: tb, activation: 'relu6' })),
      ],
      tolerance,
      toleranceRule: `2·γ_{K+1}·(K·max|X|·max|W| + max|b|), K = F·F·C = ${K}; ReLU6 adds no error`,
      work: { flops: 2 * M * outChannels * K + 2 * M * outChannels, bytes: 4 * (batch * height * width * inChannels + K * outChannels + outChannels + M * outChannels) },
      dispose() {
        tf.dispose([tx, tw, tb]);
        [x.array, w.array, b.array, y].forEach(destroyArray);
      },
    };
  },
};

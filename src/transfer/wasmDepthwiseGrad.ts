// Training depthwise convolutions (MobileNet's) on tfjs-backend-wasm. Version 4.22 registers neither
// DepthwiseConv2dNativeBackpropInput nor DepthwiseConv2dNativeBackpropFilter for wasm, so any gradient through a
// DepthwiseConv2D layer stops with "Kernel … not registered". Both are built here from kernels wasm has:
//   input gradient: the output gradient, dilated by the stride (zeros between rows and columns), depthwise-convolved
//     with the filter turned 180° (XNNPACK's depthwise kernel); with a channel multiplier m > 1, the m output channels
//     of each input channel are then summed;
//   filter gradient: for each of the kh·kw filter taps, the padded input's strided window under that tap times the
//     output gradient, summed over batch and positions. kh·kw small element-wise passes (9 for 3×3), each in its own
//     tidy so only one window is alive at a time: memory stays about one input's size.
import { tf } from '../gpu/tfjsBackend.js';
import { EngineError } from '../errors.js';
import { pair, registerMissingWasmKernels, type KernelArgs, type Pair } from './wasmKernels.js';

type Shape4 = [number, number, number, number];
interface DepthwiseGradAttrs {
  strides: Pair | number;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dilations?: Pair | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: Shape4;
  filterShape?: Shape4;
}

/** The forward convolution's geometry (padding, output size) as tfjs computed it. */
function forwardInfo(kernel: string, xShape: Shape4, filterShape: Shape4, attrs: DepthwiseGradAttrs): tf.backend_util.Conv2DInfo {
  if (pair(attrs.dilations).some((d) => d !== 1)) {
    throw new EngineError(`${kernel} on wasm: only depthwise convolutions without dilation are supported (got dilations ${pair(attrs.dilations)}); use the engine setting convBackend webgpu (STACKLAB_CONV_BACKEND=webgpu in the CLI)`);
  }
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, pair(attrs.strides), 1, attrs.pad, attrs.dimRoundingMode, true);
}

/** dy with stride−1 zero rows and columns between its own: [n, (h−1)·sh+1, (w−1)·sw+1, c]. */
function dilate(dy: tf.Tensor4D, [sh, sw]: Pair): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const spread = tf.pad(dy.reshape([n * h, 1, w, 1, c]), [[0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.slice(spread.reshape([n, h * sh, w * sw, c]) as tf.Tensor4D, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
}

function inputGradient({ inputs, attrs }: KernelArgs): tf.TensorInfo {
  const a = attrs as unknown as DepthwiseGradAttrs;
  const { dy, filter } = inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
  const [kh, kw, channels, multiplier] = filter.shape;
  const info = forwardInfo('DepthwiseConv2dNativeBackpropInput', a.inputShape!, filter.shape, a);
  const { top, left } = info.padInfo;
  // A Tensor returned from a kernel is taken by the engine as the output as it is; the tidy frees the rest.
  return tf.tidy(() => {
    const spread = dilate(dy, [info.strideHeight, info.strideWidth]);
    // dx[r] = Σ_k spread[r + top − k]·filter[k]: a correlation with the turned filter, padded kh−1−top before and
    // enough after to come out at the input's size (never negative: the forward windows cover the input, less any
    // rows 'valid' or rounding dropped at the end, which get zeros here as they should).
    const bottom = info.inHeight + top - spread.shape[1];
    const right = info.inWidth + left - spread.shape[2];
    const turned = tf.reverse(filter, [0, 1]).reshape([kh, kw, channels * multiplier, 1]) as tf.Tensor4D;
    const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [kh - 1 - top, bottom], [kw - 1 - left, right], [0, 0]];
    const dx = tf.depthwiseConv2d(spread, turned, 1, explicit);
    if (multiplier === 1) return dx;
    const [n, h, w] = dx.shape;
    return dx.reshape([n, h, w, channels, multiplier]).sum(4);
  });
}

function filterGradient({ inputs, attrs }: KernelArgs): tf.TensorInfo {
  const a = attrs as unknown as DepthwiseGradAttrs;
  const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
  const [kh, kw, channels, multiplier] = a.filterShape!;
  const info = forwardInfo('DepthwiseConv2dNativeBackpropFilter', x.shape, a.filterShape!, a);
  const { top, bottom, left, right } = info.padInfo;
  const [n, outH, outW] = dy.shape;
  const { strideHeight: sh, strideWidth: sw } = info;
  const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const grouped = dy.reshape([n, outH, outW, channels, multiplier]);
  const taps: tf.Tensor[] = [];
  try {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        taps.push(
          tf.tidy(() => {
            const window = tf.stridedSlice(padded, [0, i, j, 0], [n, i + (outH - 1) * sh + 1, j + (outW - 1) * sw + 1, channels], [1, sh, sw, 1]);
            return window.expandDims(4).mul(grouped).sum([0, 1, 2]);
          }),
        );
      }
    }
    return tf.tidy(() => tf.stack(taps).reshape([kh, kw, channels, multiplier]));
  } finally {
    tf.dispose([padded, grouped, ...taps]);
  }
}

let registered = false;

/** Puts the two depthwise gradient kernels on the wasm backend (once), where it has none of its own. */
export function registerWasmDepthwiseGrad(): void {
  if (registered) return;
  registered = true;
  registerMissingWasmKernels([
    ['DepthwiseConv2dNativeBackpropInput', inputGradient],
    ['DepthwiseConv2dNativeBackpropFilter', filterGradient],
  ]);
}

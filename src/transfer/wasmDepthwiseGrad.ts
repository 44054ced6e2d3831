// Training depthwise convolutions (MobileNet's) on tfjs-backend-wasm. Version 4.22 registers neither
// DepthwiseConv2dNativeBackpropInput nor DepthwiseConv2dNativeBackpropFilter for wasm, so any gradient through a
// DepthwiseConv2D layer stops with "Kernel … not registered". Both are provided here:
//   input gradient: the output gradient, dilated by the stride (zeros between rows and columns), depthwise-convolved
//     with the filter turned 180° (XNNPACK's depthwise kernel); with a channel multiplier m > 1, the m output channels
//     of each input channel are then summed;
//   filter gradient: one pass over the output gradient in NHWC order, each position adding x·dy under every filter
//     tap into float64 sums, channels innermost so both reads run along memory; x and dy are copied out of the wasm
//     heap once. The earlier formulation (a strided window of the padded input per tap, times dy, summed: 9 passes
//     for 3×3) spent most of its time in wasm's StridedSlice: 2.2 s of a 5.8 s MobileNetV2 scratch pass of 3 rows at
//     224×224, where the loop takes 0.36 s (tf.profile; docs/results.md).
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

/** Where the filter gradient reads and sums: the forward geometry, flattened for the loop. */
interface FilterGradientGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  multiplier: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  top: number;
  left: number;
}

/**
 * dw[i, j, c, k] = Σ over rows b and output positions (oy, ox) of x[b, oy·sh + i − top, ox·sw + j − left, c] ·
 * dy[b, oy, ox, c·multiplier + k], x read as zero outside the input. x: [batch, inHeight, inWidth, channels],
 * dy: [batch, outHeight, outWidth, channels·multiplier], both NHWC; dw: [filterHeight, filterWidth, channels,
 * multiplier].
 */
function depthwiseFilterGradient(x: Float32Array, dy: Float32Array, g: FilterGradientGeometry): Float32Array {
  const { batch, inHeight, inWidth, channels, multiplier, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, top, left } = g;
  const outChannels = channels * multiplier;
  // float64 sums: one weight gathers batch × outHeight × outWidth products (12 544 a row in MobileNet's first block
  // at 224×224), too many to add in float32 without losing digits; tfjs's cpu kernel sums in float64 too.
  const sums = new Float64Array(filterHeight * filterWidth * outChannels);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let i = 0; i < filterHeight; i++) {
        const iy = oy * strideHeight + i - top;
        if (iy < 0 || iy >= inHeight) continue;
        for (let ox = 0; ox < outWidth; ox++) {
          const dyAt = ((b * outHeight + oy) * outWidth + ox) * outChannels;
          for (let j = 0; j < filterWidth; j++) {
            const ix = ox * strideWidth + j - left;
            if (ix < 0 || ix >= inWidth) continue;
            const xAt = ((b * inHeight + iy) * inWidth + ix) * channels;
            const sumAt = (i * filterWidth + j) * outChannels;
            for (let c = 0; c < channels; c++) {
              const xc = x[xAt + c];
              for (let k = 0; k < multiplier; k++) sums[sumAt + c * multiplier + k] += xc * dy[dyAt + c * multiplier + k];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(sums);
}

function filterGradient({ inputs, attrs }: KernelArgs): tf.TensorInfo {
  const a = attrs as unknown as DepthwiseGradAttrs;
  const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
  const filterShape = a.filterShape!;
  const info = forwardInfo('DepthwiseConv2dNativeBackpropFilter', x.shape, filterShape, a);
  const dw = depthwiseFilterGradient(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    channels: info.inChannels,
    multiplier: filterShape[3],
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  });
  return tf.tensor4d(dw, filterShape);
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

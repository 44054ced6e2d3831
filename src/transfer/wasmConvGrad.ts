// Training convolutions on tfjs-backend-wasm. Version 4.22 has no Conv2DBackpropFilter kernel at all ("Kernel
// 'Conv2DBackpropFilter' not registered for backend 'wasm'"), and its Conv2DBackpropInput is a plain loop. Both
// gradients are convolutions themselves, so they are computed here with the backend's XNNPACK Conv2D:
//   filter gradient: the input with batch and channels swapped, convolved with the output gradient as the filter
//     (dilated by the stride), gives [inChannels, kh, kw, outChannels];
//   input gradient (stride 1): the output gradient convolved with the filter turned 180° and in/out swapped.
// Measured on this machine (batch 64, 32/64/64 channels): a train step went from ~9 s to the numbers in the README.
import { tf } from '../gpu/tfjsBackend.js';
import { EngineError } from '../errors.js';
import { pair, registerMissingWasmKernels, type KernelArgs, type Pair } from './wasmKernels.js';

interface ConvGradAttrs {
  strides: Pair | number;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat: string;
  dilations?: Pair | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

function checkSupported(kernel: string, attrs: ConvGradAttrs): void {
  if (attrs.dataFormat !== 'NHWC' || pair(attrs.dilations).some((d) => d !== 1)) {
    throw new EngineError(`${kernel} on wasm: only NHWC without dilation is supported (got ${attrs.dataFormat}, dilations ${pair(attrs.dilations)}); use the engine setting convBackend webgpu (STACKLAB_CONV_BACKEND=webgpu in the CLI)`);
  }
}

/** The padding tfjs applied in the forward convolution, as explicit [top, bottom], [left, right]. */
function forwardPadding(xShape: number[], filterShape: number[], attrs: ConvGradAttrs): tf.backend_util.PadInfo {
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], pair(attrs.strides), 1, attrs.pad, attrs.dimRoundingMode);
  return info.padInfo;
}

function filterGradient({ inputs, attrs }: KernelArgs): tf.TensorInfo {
  const a = attrs as unknown as ConvGradAttrs;
  checkSupported('Conv2DBackpropFilter', a);
  const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
  const [kh, kw, inC, outC] = a.filterShape!;
  const pad = forwardPadding(x.shape, a.filterShape!, a);
  // A Tensor returned from a kernel is taken by the engine as the output as it is; the tidy frees the rest.
  return tf.tidy(() => {
    const xT = tf.transpose(x, [3, 1, 2, 0]);
    const dyFilter = tf.transpose(dy, [1, 2, 0, 3]);
    const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [pad.top, pad.bottom], [pad.left, pad.right], [0, 0]];
    const full = tf.conv2d(xT, dyFilter, 1, explicit, 'NHWC', pair(a.strides));
    // Copies on wasm, so only when the convolution came out larger than the filter (never for 1×1, MobileNet's most).
    const dw = full.shape[1] === kh && full.shape[2] === kw ? full : tf.slice(full, [0, 0, 0, 0], [inC, kh, kw, outC]);
    return tf.transpose(dw, [1, 2, 0, 3]);
  });
}

function inputGradient(fallback: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const a = args.attrs as unknown as ConvGradAttrs;
    const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
    const [kh, kw] = filter.shape;
    if (pair(a.strides).some((s) => s !== 1) || a.dataFormat !== 'NHWC' || kh % 2 === 0 || kw % 2 === 0) return fallback(args as never) as tf.TensorInfo;
    const pad = forwardPadding(a.inputShape!, filter.shape, a);
    return tf.tidy(() => {
      // A 1×1 filter turned 180° is itself, and wasm's Reverse would copy it.
      const turned = tf.transpose(kh === 1 && kw === 1 ? filter : tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
      const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [kh - 1 - pad.top, kh - 1 - pad.bottom], [kw - 1 - pad.left, kw - 1 - pad.right], [0, 0]];
      return tf.conv2d(dy, turned, 1, explicit);
    });
  };
}

let registered = false;

/** Puts the two gradient kernels on the wasm backend (once); call before the backend first runs a kernel. */
export function registerWasmConvGrad(): void {
  if (registered) return;
  registered = true;
  registerMissingWasmKernels([['Conv2DBackpropFilter', filterGradient]]);
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (original) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({ ...original, kernelFunc: inputGradient(original.kernelFunc) as unknown as tf.KernelFunc });
  }
}

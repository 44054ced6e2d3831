// conv2d: a 2-D convolution over NHWC images, bias and activation fused, as an implicit GEMM on shaders/conv2d.wgsl
// + shaders/tiledProduct.wgsl + shaders/fusedActivation.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import { checkBindingSize, type GpuArray } from '../gpu/gpuArray.js';
import { groups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline, type KernelPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/conv2d.wgsl';
import productLoop from '../../shaders/tiledProduct.wgsl';
import { fusedActivationCode, fusedActivationSource, type FusedActivation } from './fusedActivation.js';
import { expectRank, expectShape } from './shapes.js';

const kernel = 'conv2d';

/** Zero padding around the image: 'same' keeps ⌈in / stride⌉ outputs, 'valid' none, or rows and columns given. */
export type Conv2dPadding = 'same' | 'valid' | { top: number; bottom: number; left: number; right: number };

/** How a convolution slides its filter, and what it fuses into the output. */
export interface Conv2dOptions {
  /** [height, width] steps between output pixels, or one number for both. Default 1. */
  strides?: number | readonly [number, number];
  /** [height, width] steps between filter taps, or one number for both. Default 1. */
  dilations?: number | readonly [number, number];
  /** Default 'valid'. */
  padding?: Conv2dPadding;
  /** Applied after the bias. Default 'linear'. */
  activation?: FusedActivation;
  /** leakyrelu's slope below 0. Default 0.2, as tfjs's. */
  leakyreluAlpha?: number;
  /** The tile to run on (from conv2dVariants). Default: chosen by the output's size (chooseConv2dVariant). */
  variant?: Conv2dVariant;
}

/** Everything the kernel needs to know of one convolution's shapes: its operands' sizes and how the filter slides. */
export interface Conv2dGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Rows of zeros above the image and columns left of it; those below and right follow from the output size. */
  padTop: number;
  padLeft: number;
}

/** One output tile of the implicit GEMM: tiledProduct's consts, a workgroup per tileM pixels × tileN channels. */
export interface Conv2dVariant {
  name: string;
  tileM: number;
  tileN: number;
  tileK: number;
  threadM: number;
  threadN: number;
}

/**
 * Every conv2d variant: a 32×32 tile, which wastes less on few channels or pixels; a 64×64 one for large outputs;
 * and an 8×64 one for the last layers of a small image, a few pixels with many channels (a 32-row tile would leave
 * most of its rows idle there).
 */
export const conv2dVariants: readonly Conv2dVariant[] = [
  { name: 'tile32x32x16-t4x4', tileM: 32, tileN: 32, tileK: 16, threadM: 4, threadN: 4 },
  { name: 'tile64x64x16-t4x4', tileM: 64, tileN: 64, tileK: 16, threadM: 4, threadN: 4 },
  { name: 'tile8x64x32-t2x4', tileM: 8, tileN: 64, tileK: 32, threadM: 2, threadN: 4 },
];

/**
 * The 8×64 tile for at most 16 output pixels and at least 64 channels; the 64×64 tile once the output fills 64
 * workgroups of it and has at least 64 channels; else the 32×32 one.
 */
export function chooseConv2dVariant(geometry: Conv2dGeometry): Conv2dVariant {
  const { M, N } = productDims(geometry);
  if (M <= 16 && N >= 64) return conv2dVariants[2];
  return N >= 64 && M * N >= 64 * 64 * 64 ? conv2dVariants[1] : conv2dVariants[0];
}

const pair = (value: number | readonly [number, number] | undefined, what: string): [number, number] => {
  const [h, w] = typeof value === 'number' || value === undefined ? [value ?? 1, value ?? 1] : value;
  if (![h, w].every((v) => Number.isInteger(v) && v >= 1)) throw new ArgumentError(`${kernel}: ${what} must be positive integers, got ${JSON.stringify(value)}`);
  return [h, w];
};

/** The product the kernel computes: M output pixels × N output channels, summed over K filter taps × input channels. */
export function productDims(g: Conv2dGeometry): { M: number; N: number; K: number } {
  return { M: g.batch * g.outHeight * g.outWidth, N: g.outChannels, K: g.filterHeight * g.filterWidth * g.inChannels };
}

/**
 * The geometry of X [batch, height, width, inChannels] convolved with W [filterHeight, filterWidth, inChannels,
 * outChannels]: output size and padding by TensorFlow's rules ('same' puts the odd row or column of padding below and
 * right). ShapeError when the channels disagree, ArgumentError when no output pixel fits.
 */
export function conv2dGeometry(xShape: readonly number[], filterShape: readonly number[], options: Conv2dOptions = {}): Conv2dGeometry {
  const x = { shape: xShape } as GpuArray;
  const filter = { shape: filterShape } as GpuArray;
  expectRank(kernel, 'X', x, 4);
  expectRank(kernel, 'W', filter, 4);
  const [batch, inHeight, inWidth, inChannels] = xShape;
  const [filterHeight, filterWidth, , outChannels] = filterShape;
  expectShape(kernel, 'W', filter, ['filterHeight', 'filterWidth', inChannels, 'outChannels'], `X has ${inChannels} channels`);
  const [strideHeight, strideWidth] = pair(options.strides, 'strides');
  const [dilationHeight, dilationWidth] = pair(options.dilations, 'dilations');
  const span = (filter: number, dilation: number) => (filter - 1) * dilation + 1;
  const along = (size: number, filter: number, stride: number, dilation: number, explicit?: [number, number]): [number, number] => {
    const padding = options.padding ?? 'valid';
    if (padding === 'same') {
      const out = Math.ceil(size / stride);
      return [out, Math.floor(Math.max((out - 1) * stride + span(filter, dilation) - size, 0) / 2)];
    }
    if (padding === 'valid') return [Math.ceil((size - span(filter, dilation) + 1) / stride), 0];
    const [before, after] = explicit!;
    if (![before, after].every((p) => Number.isInteger(p) && p >= 0)) throw new ArgumentError(`${kernel}: padding must be non-negative integers, got ${JSON.stringify(padding)}`);
    return [Math.floor((size + before + after - span(filter, dilation)) / stride) + 1, before];
  };
  const explicit = typeof options.padding === 'object' ? options.padding : undefined;
  const [outHeight, padTop] = along(inHeight, filterHeight, strideHeight, dilationHeight, explicit && [explicit.top, explicit.bottom]);
  const [outWidth, padLeft] = along(inWidth, filterWidth, strideWidth, dilationWidth, explicit && [explicit.left, explicit.right]);
  if (outHeight < 1 || outWidth < 1) {
    throw new ArgumentError(`${kernel}: a ${filterHeight}×${filterWidth} filter (dilations ${dilationHeight}×${dilationWidth}) leaves no output pixel of a ${inHeight}×${inWidth} image with padding ${JSON.stringify(options.padding ?? 'valid')}`);
  }
  return { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft };
}

/** Elements of X, W and Y. */
function operandSizes(g: Conv2dGeometry): Record<'X' | 'W' | 'Y', number> {
  const { M, N, K } = productDims(g);
  return { X: g.batch * g.inHeight * g.inWidth * g.inChannels, W: K * N, Y: M * N };
}

/** Why this variant cannot run the geometry on this device (a binding past its limit, too many workgroups), or null. */
export function conv2dMisfit(limits: GPUSupportedLimits, g: Conv2dGeometry, variant: Conv2dVariant): string | null {
  for (const [operand, count] of Object.entries(operandSizes(g))) {
    if (count * 4 > limits.maxStorageBufferBindingSize) return `operand ${operand} (${count * 4} bytes) is past the device's storage-binding limit of ${limits.maxStorageBufferBindingSize}`;
  }
  const { M } = productDims(g);
  if (groups(M, variant.tileM) > limits.maxComputeWorkgroupsPerDimension) return `${M} output pixels need more than ${limits.maxComputeWorkgroupsPerDimension} workgroups of ${variant.tileM}`;
  return null;
}

/** A 1×1 filter, stride 1, no padding: the convolution is the plain product X·W, which the kernel reads more simply. */
export function isPointwise(g: Conv2dGeometry): boolean {
  return g.filterHeight === 1 && g.filterWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0 && g.outHeight === g.inHeight && g.outWidth === g.inWidth;
}

/** The pipeline cache key of one tile, activation and reading of X. */
function pipelineVariant(variant: Conv2dVariant, activation: FusedActivation, pointwise: boolean): string {
  return `${variant.name} ${activation}${pointwise ? ' pointwise' : ''}`;
}

/**
 * The pipeline of one tile and activation, general or pointwise (see isPointwise), compiled once per device;
 * conv2dCall needs it ready.
 */
export function conv2dPipeline(engine: Engine, variant: Conv2dVariant, activation: FusedActivation, pointwise: boolean): Promise<KernelPipeline> {
  const code = fusedActivationCode(kernel, activation);
  const { tileM, tileN, tileK, threadM, threadN } = variant;
  return getPipeline(engine, kernel, pipelineVariant(variant, activation, pointwise), () => ({
    code: [
      source,
      specialize(productLoop, { PRODUCT_TILE_M: tileM, PRODUCT_TILE_N: tileN, PRODUCT_TILE_K: tileK, PRODUCT_THREAD_M: threadM, PRODUCT_THREAD_N: threadN }, 'tiledProduct.wgsl'),
      fusedActivationSource,
    ].join('\n'),
    entryPoint: 'main',
    constants: { FUSED_ACTIVATION: code, POINTWISE: Number(pointwise) },
  }));
}

/** A convolution's arrays: X, W and Y as in Conv2dGeometry; bias and prelu's alpha per output channel, or one number. */
export interface Conv2dOperands {
  /** [batch, inHeight, inWidth, inChannels] */
  x: GpuArray;
  /** [filterHeight, filterWidth, inChannels, outChannels] */
  filter: GpuArray;
  /** [outChannels] or [1]; none adds nothing. */
  bias?: GpuArray;
  /** prelu's slopes below 0: [outChannels] or [1]; required by 'prelu' and only by it. */
  alpha?: GpuArray;
  /** [batch, outHeight, outWidth, outChannels], overwritten. */
  y: GpuArray;
}

/** 1 for an operand with one value per output channel, 0 for one value for all; ShapeError otherwise. */
function channelStride(operand: string, array: GpuArray, channels: number): number {
  expectRank(kernel, operand, array, 1);
  if (array.shape[0] !== channels) expectShape(kernel, operand, array, [1], `one value, or one per output channel (${channels})`);
  return array.shape[0] === channels ? 1 : 0;
}

/**
 * The single dispatch of Y = act(conv(X, W) + bias) on a pipeline already compiled (conv2dPipeline with the same
 * variant, activation and isPointwise(g); ArgumentError for another), built without waiting: for callers that cannot
 * await, such as tfjs kernel functions. Its uniform, and the zero bias when none is given, belong to `scope`.
 */
export function conv2dCall(
  scope: GpuScope,
  pipeline: KernelPipeline,
  variant: Conv2dVariant,
  g: Conv2dGeometry,
  operands: Conv2dOperands,
  options: { activation: FusedActivation; leakyreluAlpha?: number },
): KernelCall {
  const { x, filter, y } = operands;
  const { activation, leakyreluAlpha = 0.2 } = options;
  fusedActivationCode(kernel, activation);
  const wanted = pipelineVariant(variant, activation, isPointwise(g));
  if (pipeline.variant !== wanted) throw new ArgumentError(`${kernel}: the pipeline given is [${pipeline.variant}], this call needs [${wanted}]`);
  expectShape(kernel, 'X', x, [g.batch, g.inHeight, g.inWidth, g.inChannels]);
  expectShape(kernel, 'W', filter, [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]);
  expectShape(kernel, 'Y', y, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
  if ((activation === 'prelu') !== Boolean(operands.alpha)) throw new ArgumentError(`${kernel}: alpha is given with the prelu activation and only with it (activation ${activation})`);
  const { M, N, K } = productDims(g);
  for (const [operand, count] of Object.entries(operandSizes(g))) checkBindingSize(scope.engine, kernel, operand, count * 4);
  const misfit = conv2dMisfit(scope.engine.device.limits, g, variant);
  if (misfit) throw new ArgumentError(`${kernel} variant ${variant.name}: ${misfit}`);
  const bias = operands.bias ?? scope.array(`${kernel} zero bias`, [1]);
  const alpha = operands.alpha ?? bias;
  const biasStride = channelStride('bias', bias, g.outChannels);
  const alphaStride = channelStride('alpha', alpha, g.outChannels);
  const params = scope.uniform(kernel, [
    g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels, g.filterHeight, g.filterWidth,
    g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft, biasStride, alphaStride, { f32: leakyreluAlpha },
  ]);
  return makeCall(scope, pipeline, `${kernel} ${g.filterHeight}x${g.filterWidth}/${g.strideHeight} ${activation} ${variant.name}`, [x, filter, bias, alpha, y, params], [groups(N, variant.tileN), groups(M, variant.tileM)], {
    flops: 2 * M * N * K + 2 * M * N,
    bytes: 4 * (operandSizes(g).X + K * N + N + M * N),
  });
}

/** A reusable dispatch of Y = act(conv(X, W) + bias) into `operands.y`, its shapes checked against the options here. */
export async function prepareConv2d(scope: GpuScope, operands: Conv2dOperands, options: Conv2dOptions = {}): Promise<KernelCall> {
  const g = conv2dGeometry(operands.x.shape, operands.filter.shape, options);
  const activation = options.activation ?? 'linear';
  fusedActivationCode(kernel, activation);
  const variant = options.variant ?? chooseConv2dVariant(g);
  const pipeline = await conv2dPipeline(scope.engine, variant, activation, isPointwise(g));
  return conv2dCall(scope, pipeline, variant, g, operands, { activation, leakyreluAlpha: options.leakyreluAlpha });
}

/**
 * Y = act(conv(X, W) + bias) into a new array, run now: X [batch, height, width, inChannels] (NHWC), W [filterHeight,
 * filterWidth, inChannels, outChannels], Y [batch, outHeight, outWidth, outChannels]; bias and prelu's alpha [outChannels]
 * or [1]. The caller owns Y. Throws ShapeError when the operands disagree, ArgumentError for a geometry with no output.
 */
export async function conv2d(engine: Engine, x: GpuArray, filter: GpuArray, options: Conv2dOptions & { bias?: GpuArray; alpha?: GpuArray } = {}): Promise<GpuArray> {
  const g = conv2dGeometry(x.shape, filter.shape, options);
  return withScope(engine, kernel, async (scope) => {
    const y = scope.array(`${kernel} Y`, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
    await run(engine, await prepareConv2d(scope, { x, filter, bias: options.bias, alpha: options.alpha, y }, options));
    return scope.release(y);
  });
}

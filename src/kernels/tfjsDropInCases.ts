// Which tfjs BatchMatMul, _FusedMatMul, Conv2D and FusedConv2D calls stacklab's kernels answer (the drop-in,
// tfjsDropIn.ts), and the operand layout each needs; every other call is named by the reason it falls through to
// tfjs's own kernel.
import { tf } from '../gpu/tfjsBackend.js';
import type { Conv2dGeometry } from './conv2d.js';
import type { FusedMatmulDims } from './fusedMatmul.js';
import type { Activation } from './dense.js';
import { fusedActivations as kernelActivations, type FusedActivation } from './fusedActivation.js';
import type { MatmulDims } from './matmulVariants.js';

/** What the drop-in reads of a tfjs tensor: TensorInfo's shape and dtype. */
export interface OperandInfo {
  readonly shape: readonly number[];
  readonly dtype: string;
}

export interface MatmulPlan {
  dims: MatmulDims;
  transposeA: boolean;
  transposeB: boolean;
  /** A and B as stored: [M, K] or, transposed, [K, M]; [K, N] or, transposed, [N, K]. */
  aShape: [number, number];
  bShape: [number, number];
  /** tfjs's output shape: the operands' leading dimensions (all 1 here), then [M, N]. */
  outShape: number[];
}

export interface DensePlan extends MatmulPlan {
  activation: Activation;
}

/** tfjs's fused activations that dense.wgsl computes too. */
const fusedActivations: readonly string[] = ['linear', 'relu', 'sigmoid'] satisfies Activation[];

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** A plan for op(A)·op(B), or why stacklab's matmul does not take this call. */
export function planMatmul(a: OperandInfo, b: OperandInfo, transposeA: boolean, transposeB: boolean): MatmulPlan | string {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return `dtype ${a.dtype}×${b.dtype}`;
  if (a.shape.length < 2 || b.shape.length < 2) return 'operand of rank < 2';
  const leadingA = a.shape.slice(0, -2);
  const leadingB = b.shape.slice(0, -2);
  if (product(leadingA) !== 1 || product(leadingB) !== 1) return 'batched (leading dimensions > 1)';
  const [rowsA, colsA] = a.shape.slice(-2);
  const [rowsB, colsB] = b.shape.slice(-2);
  const [M, K] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const [kB, N] = transposeB ? [colsB, rowsB] : [rowsB, colsB];
  // tfjs's own kernel raises its error for mismatched inner dimensions.
  if (K !== kB) return 'inner dimensions differ';
  if (M === 0 || N === 0 || K === 0) return 'empty operand';
  const leading = leadingA.length >= leadingB.length ? leadingA : leadingB;
  return { dims: { M, N, K }, transposeA, transposeB, aShape: [rowsA, colsA], bShape: [rowsB, colsB], outShape: [...leading, M, N] };
}

/**
 * A plan for act(A·B + bias) on the dense kernel, a plain product (no bias, linear: the matmul kernel), or why
 * neither takes this call.
 */
export function planFused(
  a: OperandInfo,
  b: OperandInfo,
  bias: OperandInfo | undefined,
  options: { transposeA: boolean; transposeB: boolean; activation: string; prelu: boolean },
): DensePlan | MatmulPlan | string {
  if (options.prelu) return 'prelu activation weights';
  if (!bias && options.activation === 'linear') return planMatmul(a, b, options.transposeA, options.transposeB);
  if (!fusedActivations.includes(options.activation)) return `activation ${options.activation}`;
  if (options.transposeA || options.transposeB) return 'transposed operand in a fused product';
  if (!bias) return 'no bias';
  const plan = planMatmul(a, b, false, false);
  if (typeof plan === 'string') return plan;
  // One bias per output column; tfjs-layers passes [N], other callers may pass [1, N] (the same values).
  const perColumn = bias.shape[bias.shape.length - 1] === plan.dims.N && product(bias.shape) === plan.dims.N;
  if (bias.dtype !== 'float32' || !perColumn) return `bias of shape [${bias.shape.join(', ')}]`;
  return { ...plan, activation: options.activation as Activation };
}

export interface ConvPlan {
  geometry: Conv2dGeometry;
  activation: FusedActivation;
  leakyreluAlpha: number;
  /** Bias and prelu's weights as the kernel reads them: [outChannels], or [1] for one value for all. */
  biasShape?: [number];
  alphaShape?: [number];
  /** tfjs's output shape, NHWC. */
  outShape: number[];
}

/** The tfjs attributes of Conv2D and FusedConv2D the drop-in reads. */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: string;
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
  leakyreluAlpha?: number;
}

/** [outChannels] or [1] for a bias or prelu weights broadcast along everything but the channels, else null. */
function perChannel(operand: OperandInfo, channels: number): [number] | null {
  if (operand.dtype !== 'float32') return null;
  const size = product(operand.shape);
  if (size === 1) return [1];
  return size === channels && operand.shape[operand.shape.length - 1] === channels ? [channels] : null;
}

/**
 * A plan for act(conv(x, filter) + bias) on the conv2d kernel, or why it does not take this call. The geometry is
 * tfjs's own (computeConv2DInfo), so output size and padding agree with tfjs's kernel by construction.
 */
export function planConv(x: OperandInfo, filter: OperandInfo, bias: OperandInfo | undefined, prelu: OperandInfo | undefined, attrs: ConvAttrs): ConvPlan | string {
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') return `dtype ${x.dtype}×${filter.dtype}`;
  if (attrs.dataFormat !== 'NHWC') return `data format ${attrs.dataFormat}`;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return 'operand of rank other than 4';
  const activation = attrs.activation ?? 'linear';
  if (!kernelActivations.includes(activation as FusedActivation)) return `activation ${activation}`;
  if ((activation === 'prelu') !== Boolean(prelu)) return `activation ${activation} ${prelu ? 'with' : 'without'} prelu weights`;
  let info: tf.backend_util.Conv2DInfo;
  try {
    info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode);
  } catch {
    // tfjs's own kernel raises its error for this call.
    return 'geometry tfjs rejects';
  }
  const { batchSize: batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  if (filter.shape[2] !== inChannels) return 'filter channels differ from the input\'s';
  if ([batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth].some((d) => !(d >= 1))) return 'empty operand';
  const { top: padTop, left: padLeft } = info.padInfo;
  if (padTop < 0 || padLeft < 0) return 'negative padding';
  const biasShape = bias ? perChannel(bias, outChannels) : undefined;
  if (biasShape === null) return `bias of shape [${bias!.shape.join(', ')}]`;
  const alphaShape = prelu ? perChannel(prelu, outChannels) : undefined;
  if (alphaShape === null) return `prelu weights of shape [${prelu!.shape.join(', ')}]`;
  const geometry: Conv2dGeometry = {
    batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth,
    strideHeight: info.strideHeight, strideWidth: info.strideWidth, dilationHeight: info.dilationHeight, dilationWidth: info.dilationWidth, padTop, padLeft,
  };
  return { geometry, activation: activation as FusedActivation, leakyreluAlpha: attrs.leakyreluAlpha ?? 0.2, biasShape, alphaShape, outShape: [batch, outHeight, outWidth, outChannels] };
}

export interface BatchedPlan {
  dims: FusedMatmulDims;
  transposeA: boolean;
  transposeB: boolean;
  activation: FusedActivation;
  leakyreluAlpha: number;
  /** A and B as stored, their batch flattened: [batch or 1, rows, columns]. */
  aShape: [number, number, number];
  bShape: [number, number, number];
  /** Bias and prelu's weights as the kernel broadcasts them: [batch or 1, M or 1, N or 1]. */
  biasShape?: [number, number, number];
  alphaShape?: [number, number, number];
  /** tfjs's output shape: the broadcast batch dimensions, then [M, N]. */
  outShape: number[];
}

const sameDims = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const padded = (shape: readonly number[], rank: number) => [...Array<number>(Math.max(0, rank - shape.length)).fill(1), ...shape];

/** [batch or 1, rows, columns] of an operand whose batch dimensions are all 1 or all the output's, else null. */
function flatBatch(shape: readonly number[], outLeading: readonly number[]): [number, number, number] | null {
  const leading = padded(shape.slice(0, -2), outLeading.length);
  const [rows, cols] = shape.slice(-2);
  if (product(leading) === 1) return [1, rows, cols];
  return sameDims(leading, outLeading) ? [product(outLeading), rows, cols] : null;
}

/** [batch or 1, M or 1, N or 1] of a bias or prelu weights broadcast to [...outLeading, M, N], else null. */
function broadcastTo(operand: OperandInfo, outLeading: readonly number[], M: number, N: number): [number, number, number] | null {
  if (operand.dtype !== 'float32' || operand.shape.length > outLeading.length + 2) return null;
  const shape = padded(operand.shape, outLeading.length + 2);
  const [rows, cols] = shape.slice(-2);
  if ((rows !== 1 && rows !== M) || (cols !== 1 && cols !== N)) return null;
  return flatBatch(shape, outLeading) && [product(shape.slice(0, -2)), rows, cols];
}

/**
 * A plan for act(op(A)·op(B) + bias) on the fusedMatmul kernel, batched and broadcast, or why it does not take this
 * call. A batch broadcasts when an operand's batch dimensions are all 1 or all the output's; a partial broadcast
 * ([2, 1] against [1, 3]) falls through.
 */
export function planBatched(
  a: OperandInfo,
  b: OperandInfo,
  bias: OperandInfo | undefined,
  prelu: OperandInfo | undefined,
  options: { transposeA: boolean; transposeB: boolean; activation: string; leakyreluAlpha: number },
): BatchedPlan | string {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return `dtype ${a.dtype}×${b.dtype}`;
  if (a.shape.length < 2 || b.shape.length < 2) return 'operand of rank < 2';
  const { transposeA, transposeB, activation } = options;
  if (!kernelActivations.includes(activation as FusedActivation)) return `activation ${activation}`;
  if ((activation === 'prelu') !== Boolean(prelu)) return `activation ${activation} ${prelu ? 'with' : 'without'} prelu weights`;
  let outLeading: number[];
  try {
    outLeading = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    // tfjs's own kernel raises its error for this call.
    return 'batch dimensions do not broadcast';
  }
  const aShape = flatBatch(a.shape, outLeading);
  const bShape = flatBatch(b.shape, outLeading);
  if (!aShape || !bShape) return 'batch dimensions broadcast partly';
  const [M, K] = transposeA ? [aShape[2], aShape[1]] : [aShape[1], aShape[2]];
  const [kB, N] = transposeB ? [bShape[2], bShape[1]] : [bShape[1], bShape[2]];
  if (K !== kB) return 'inner dimensions differ';
  const batch = product(outLeading);
  if (M === 0 || N === 0 || K === 0 || batch === 0) return 'empty operand';
  const biasShape = bias ? broadcastTo(bias, outLeading, M, N) : undefined;
  if (biasShape === null) return `bias of shape [${bias!.shape.join(', ')}]`;
  const alphaShape = prelu ? broadcastTo(prelu, outLeading, M, N) : undefined;
  if (alphaShape === null) return `prelu weights of shape [${prelu!.shape.join(', ')}]`;
  return {
    dims: { batch, M, N, K }, transposeA, transposeB, activation: activation as FusedActivation, leakyreluAlpha: options.leakyreluAlpha,
    aShape, bShape, biasShape, alphaShape, outShape: [...outLeading, M, N],
  };
}

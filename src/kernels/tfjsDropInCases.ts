// Which tfjs BatchMatMul and _FusedMatMul calls stacklab's kernels answer (the drop-in, tfjsDropIn.ts), and the
// operand layout each needs; every other call is named by the reason it falls through to tfjs's own kernel.
import type { Activation } from './dense.js';
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

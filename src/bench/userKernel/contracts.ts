// The contract a user kernel follows, per bench suite (docs/kernels.md is the same list in prose): the bindings
// in `@binding` order with their shapes, the u32 fields of the uniform block, the entry points and the output each
// one's grid covers, the standard shapes it is checked on, and the float64 reference with its float32 bound.
import { combineReference } from '../../kernels/combine.reference.js';
import { denseBackwardReference, denseForwardReference } from '../../kernels/dense.reference.js';
import { matmulReference } from '../../kernels/matmul.reference.js';
import { gamma, maxAbs, unitRoundoff } from '../agreement.js';
import type { CaseSpec } from '../suite.js';
import type { ReferenceOutput } from './tolerance.js';

/** A shape's named sizes (M, N, K; batch, inputs, outputs; …), in the order of the uniform block's fields. */
export type Dims = Record<string, number>;

/** One binding of a contract: its name, how the shader declares it, and its shape for given dims. */
export interface BindingSpec {
  name: string;
  /** read: `var<storage, read>`; read_write: `var<storage, read_write>` (an output); uniform: `var<uniform>` of the dims. */
  access: 'read' | 'read_write' | 'uniform';
  /** The binding's shape for a case's dims, e.g. `[M, K]` for A. */
  shape(d: Dims): number[];
}

/** One entry point of a contract (most have one, `main`; dense-backward has two). */
export interface EntrySpec {
  /** The entry point's default name (the header's entry=… or entry.ROLE=… renames it). */
  role: string;
  /** [rows, cols] of the output the grid covers: (ceil(cols / tile cols), ceil(rows / tile rows), 1) workgroups. */
  covers(d: Dims): [number, number];
}

/**
 * What a user kernel for one bench suite must look like (docs/kernels.md): its bindings, uniform fields, entry
 * points, the shapes it is checked on and the float64 reference it is checked against.
 */
export interface KernelContract {
  /** The bench suite this contract is for. */
  suite: string;
  /** The uniform block's u32 fields, in order. */
  dims: string[];
  /** In `@binding` order, all in `@group(0)`; the uniform block is last. */
  bindings: BindingSpec[];
  /** The entry points, each with the output its grid covers. */
  entries: EntrySpec[];
  /** The standard shapes every user kernel is checked on: 1, primes, sizes no tile divides. */
  checkShapes: Dims[];
  /** One run's work: flops, and bytes the inputs and outputs take (each read or written once), for throughput and the roofline. */
  work(d: Dims): { flops: number; bytes: number };
  /** The dims of a bench case, or null for the cases the contract does not cover (transposed matmul forms). */
  caseDims(spec: CaseSpec): Dims | null;
  /** The outputs (read_write bindings, in order) computed in float64 from the float32 inputs (read bindings). */
  reference(inputs: Record<string, Float32Array>, d: Dims): ReferenceOutput[];
}

const abs = (values: Float32Array) => values.map(Math.abs);
const shapes = (names: string[], list: number[][]) => list.map((sizes) => Object.fromEntries(names.map((n, i) => [n, sizes[i]])));

const matmulContract: KernelContract = {
  suite: 'matmul',
  dims: ['M', 'N', 'K'],
  bindings: [
    { name: 'A', access: 'read', shape: ({ M, K }) => [M, K] },
    { name: 'B', access: 'read', shape: ({ K, N }) => [K, N] },
    { name: 'C', access: 'read_write', shape: ({ M, N }) => [M, N] },
    { name: 'dims', access: 'uniform', shape: () => [3] },
  ],
  entries: [{ role: 'main', covers: ({ M, N }) => [M, N] }],
  checkShapes: shapes(['M', 'N', 'K'], [[1, 1, 1], [1, 10, 64], [7, 1, 3], [64, 64, 64], [63, 65, 129], [128, 96, 80], [61, 67, 131], [33, 17, 1031], [257, 2, 31]]),
  work: ({ M, N, K }) => ({ flops: 2 * M * N * K, bytes: 4 * (M * K + K * N + M * N) }),
  caseDims: (spec) => (spec.form?.transposeA || spec.form?.transposeB ? null : spec.shape),
  reference({ A, B }, d) {
    const shape = { M: d.M, N: d.N, K: d.K };
    const magnitude = matmulReference(abs(A), abs(B), shape);
    return [{ values: matmulReference(A, B, shape), magnitude: (i) => magnitude[i], magnitudeRule: '(|A|·|B|)[i]', float32: { factor: gamma(d.K), symbol: 'γ_K', sizes: `K = ${d.K}` } }];
  },
};

const denseDims = ['batch', 'inputs', 'outputs'];
const denseCheckShapes = shapes(denseDims, [[1, 1, 1], [7, 13, 5], [32, 64, 64], [61, 67, 131], [33, 784, 10], [130, 31, 257]]);

const denseForwardContract: KernelContract = {
  suite: 'dense-forward',
  dims: denseDims,
  bindings: [
    { name: 'X', access: 'read', shape: ({ batch, inputs }) => [batch, inputs] },
    { name: 'W', access: 'read', shape: ({ inputs, outputs }) => [inputs, outputs] },
    { name: 'b', access: 'read', shape: ({ outputs }) => [outputs] },
    { name: 'Y', access: 'read_write', shape: ({ batch, outputs }) => [batch, outputs] },
    { name: 'dims', access: 'uniform', shape: () => [3] },
  ],
  entries: [{ role: 'main', covers: ({ batch, outputs }) => [batch, outputs] }],
  checkShapes: denseCheckShapes,
  work: ({ batch, inputs, outputs }) => ({ flops: 2 * batch * inputs * outputs + 2 * batch * outputs, bytes: 4 * (batch * inputs + inputs * outputs + outputs + batch * outputs) }),
  caseDims: (spec) => spec.shape,
  reference({ X, W, b }, d) {
    const dims = { batch: d.batch, inputs: d.inputs, outputs: d.outputs };
    const magnitude = denseForwardReference(abs(X), abs(W), abs(b), dims, 'linear').z;
    // ReLU moves nothing closer together, so the pre-activation's bound holds for Y.
    return [
      {
        values: denseForwardReference(X, W, b, dims, 'relu').y,
        magnitude: (i) => magnitude[i],
        magnitudeRule: '(|X|·|W| + |b|)[i]',
        float32: { factor: gamma(d.inputs + 1), symbol: 'γ_{I+1}', sizes: `I = ${d.inputs}` },
      },
    ];
  },
};

const denseBackwardContract: KernelContract = {
  suite: 'dense-backward',
  dims: denseDims,
  bindings: [
    { name: 'X', access: 'read', shape: ({ batch, inputs }) => [batch, inputs] },
    { name: 'W', access: 'read', shape: ({ inputs, outputs }) => [inputs, outputs] },
    { name: 'Y', access: 'read', shape: ({ batch, outputs }) => [batch, outputs] },
    { name: 'dY', access: 'read', shape: ({ batch, outputs }) => [batch, outputs] },
    { name: 'dX', access: 'read_write', shape: ({ batch, inputs }) => [batch, inputs] },
    { name: 'dW', access: 'read_write', shape: ({ inputs, outputs }) => [inputs, outputs] },
    { name: 'db', access: 'read_write', shape: ({ outputs }) => [outputs] },
    { name: 'dims', access: 'uniform', shape: () => [3] },
  ],
  entries: [
    { role: 'inputGradient', covers: ({ batch, inputs }) => [batch, inputs] },
    { role: 'weightGradient', covers: ({ inputs, outputs }) => [inputs, outputs] },
  ],
  checkShapes: denseCheckShapes,
  work: ({ batch, inputs, outputs }) => ({
    flops: 4 * batch * inputs * outputs + 3 * batch * outputs,
    bytes: 4 * (2 * batch * outputs + 2 * batch * inputs + 2 * inputs * outputs + outputs),
  }),
  caseDims: (spec) => spec.shape,
  reference({ X, W, Y, dY }, d) {
    const { batch, inputs, outputs } = d;
    const exact = denseBackwardReference(X, W, Y, dY, { batch, inputs, outputs }, 'relu');
    const dz = exact.dz.map(Math.abs);
    const dxMagnitude = matmulReference(dz, abs(W), { M: batch, N: inputs, K: outputs, transposeB: true });
    const dwMagnitude = matmulReference(abs(X), dz, { M: inputs, N: outputs, K: batch, transposeA: true });
    const dbMagnitude = new Float64Array(outputs);
    dz.forEach((v, i) => (dbMagnitude[i % outputs] += v));
    return [
      { values: exact.dx, magnitude: (i) => dxMagnitude[i], magnitudeRule: '(|dZ|·|W|ᵀ)[i]', float32: { factor: gamma(outputs), symbol: 'γ_O', sizes: `O = ${outputs}` } },
      { values: exact.dw, magnitude: (i) => dwMagnitude[i], magnitudeRule: '(|X|ᵀ·|dZ|)[i]', float32: { factor: gamma(batch), symbol: 'γ_B', sizes: `B = ${batch}` } },
      { values: exact.db, magnitude: (i) => dbMagnitude[i], magnitudeRule: 'Σ_b |dZ[b, i]|', float32: { factor: gamma(batch), symbol: 'γ_B', sizes: `B = ${batch}` } },
    ];
  },
};

const combineContract: KernelContract = {
  suite: 'combine',
  dims: ['models', 'rows', 'classes'],
  bindings: [
    { name: 'P', access: 'read', shape: ({ models, rows, classes }) => [models, rows, classes] },
    { name: 'alpha', access: 'read', shape: ({ models }) => [models] },
    { name: 'out', access: 'read_write', shape: ({ rows, classes }) => [rows, classes] },
    { name: 'dims', access: 'uniform', shape: () => [3] },
  ],
  entries: [{ role: 'main', covers: ({ rows, classes }) => [rows, classes] }],
  checkShapes: shapes(['models', 'rows', 'classes'], [[1, 1, 1], [5, 1000, 10], [3, 61, 7], [8, 127, 100], [16, 13, 3]]),
  work: ({ models, rows, classes }) => ({ flops: 2 * models * rows * classes, bytes: 4 * (models * rows * classes + rows * classes + models) }),
  caseDims: (spec) => spec.shape,
  reference({ P, alpha }, d) {
    const { models, rows, classes } = d;
    // The combine suite's per-implementation rule (src/bench/suites/combine.ts): the weighted sum and the softmax's exp.
    const magnitude = maxAbs(P);
    return [
      {
        values: combineReference(P, alpha, { models, rows, classes, perClass: false }),
        magnitude: () => magnitude,
        magnitudeRule: 'max|P|',
        float32: { factor: 2 * gamma(models) + 19 * unitRoundoff, symbol: '(2γ_M + 19u)', sizes: `M = ${models}` },
      },
    ];
  },
};

/**
 * The suites a user kernel can be written for (`kernel=` in its header): matmul, dense-forward, dense-backward,
 * combine.
 */
export const kernelContracts: readonly KernelContract[] = [matmulContract, denseForwardContract, denseBackwardContract, combineContract];

/** The contract of a suite by name; undefined for suites without one. */
export function contractOf(suite: string): KernelContract | undefined {
  return kernelContracts.find((c) => c.suite === suite);
}

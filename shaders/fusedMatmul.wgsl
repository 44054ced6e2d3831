// fusedMatmul: tfjs's batched, fused product, C[b] = act(op(A[b]) · op(B[b]) + bias) for b in [0, batch), with
// op = identity or transpose, on the tiled product loop of shaders/tiledProduct.wgsl (appended by
// src/kernels/fusedMatmul.ts, with shaders/fusedActivation.wgsl). Workgroup id z is the batch entry b.
// Broadcasting is by strides: an operand with one matrix for every batch entry has batch stride 0; bias and prelu's
// alpha, broadcast to C's shape [batch, M, N], have a stride per axis, 0 along each axis they are broadcast on
// (bias [N] is strides (0, 0, 1), a scalar (0, 0, 0), a column [M, 1] (0, 1, 0)).
// The plain and single-matrix cases run on matmul and dense, which are faster there; this kernel takes what they do
// not: batches, every fused activation, broadcast biases, a fused product without a bias, transposes with a bias.
//
// Variants: TRANS_A and TRANS_B overrides (the operand is read in place, A_K_CONTIGUOUS = !TRANS_A and
// B_N_CONTIGUOUS = !TRANS_B to match); FUSED_ACTIVATION override (shaders/fusedActivation.wgsl).
// Benchmark: stacklab bench fused-matmul [--shapes BxMxNxK,…]

struct Params {
  M: u32,
  N: u32,
  K: u32,
  aBatchStride: u32,
  bBatchStride: u32,
  biasBatchStride: u32,
  biasRowStride: u32,
  biasColStride: u32,
  alphaBatchStride: u32,
  alphaRowStride: u32,
  alphaColStride: u32,
  leakyreluAlpha: f32,
}

// A: [batch or 1, M, K], or [batch or 1, K, M] when TRANS_A
@group(0) @binding(0) var<storage, read> A: array<f32>;
// B: [batch or 1, K, N], or [batch or 1, N, K] when TRANS_B
@group(0) @binding(1) var<storage, read> B: array<f32>;
// bias: broadcast to [batch, M, N] by its strides; one zero without a bias
@group(0) @binding(2) var<storage, read> bias: array<f32>;
// alpha (prelu's weights): broadcast to [batch, M, N] by its strides; unused by the other activations
@group(0) @binding(3) var<storage, read> alpha: array<f32>;
// C: [batch, M, N]
@group(0) @binding(4) var<storage, read_write> C: array<f32>;
// params: sizes, strides, and leakyrelu's alpha
@group(0) @binding(5) var<uniform> params: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;

// This workgroup's batch entry (its workgroup id z), set by main before the product runs.
var<private> entry: u32;

fn loadA(row: u32, k: u32) -> f32 {
  let base = entry * params.aBatchStride;
  if (TRANS_A) { return A[base + k * params.M + row]; }
  return A[base + row * params.K + k];
}

fn loadB(k: u32, col: u32) -> f32 {
  let base = entry * params.bBatchStride;
  if (TRANS_B) { return B[base + col * params.K + k]; }
  return B[base + k * params.N + col];
}

fn storeC(row: u32, col: u32, value: f32) {
  let b = bias[entry * params.biasBatchStride + row * params.biasRowStride + col * params.biasColStride];
  let perElement = alpha[entry * params.alphaBatchStride + row * params.alphaRowStride + col * params.alphaColStride];
  let slope = select(params.leakyreluAlpha, perElement, FUSED_ACTIVATION == 5u);
  C[(entry * params.M + row) * params.N + col] = fusedActivate(value + b, slope);
}

@compute @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  entry = group.z;
  tiledProduct(group, local, flat, params.M, params.N, 0u, params.K);
}

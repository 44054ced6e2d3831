// matmul: C = op(A) · op(B), op = identity or transpose, any M, N, K (edges are bounds-checked): the scalar
// kernel, for shapes whose alignment rules out the vec4 kernel (shaders/matmulVec4.wgsl), and split-K.
// The tiled loop is shaders/tiledProduct.wgsl, appended by src/kernels/matmul.ts; this file gives its hooks.
//
// Split-K: workgroup z sums only k in [z·kPerSplit, (z+1)·kPerSplit) and writes its partial product to slice z
// of C, then shaders/matmulSplitKReduce.wgsl adds the slices. Without split-K, kPerSplit = K and z = 0.
//
// Variants (src/kernels/matmulVariants.ts): tiledProduct's PRODUCT_* tile consts are specialized per variant;
// TRANS_A and TRANS_B are pipeline overrides, so a transposed operand is read in place, never materialised
// (the host sets tiledProduct's A_K_CONTIGUOUS = !TRANS_A and B_N_CONTIGUOUS = !TRANS_B to match).
// Benchmark: stacklab bench matmul [--shapes MxNxK,…]; compare variants: stacklab tune

struct Params {
  M: u32,
  N: u32,
  K: u32,
  kPerSplit: u32,
}

// A: [M, K], or [K, M] when TRANS_A
@group(0) @binding(0) var<storage, read> A: array<f32>;
// B: [K, N], or [N, K] when TRANS_B
@group(0) @binding(1) var<storage, read> B: array<f32>;
// C: [M, N], or the partial products [splits, M, N] with split-K
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
// params: sizes M, N, K and the k-range one split covers
@group(0) @binding(3) var<uniform> params: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;

// Where this workgroup's split-K slice of C starts; set by main before the product runs.
var<private> sliceOffset: u32;

fn loadA(row: u32, k: u32) -> f32 {
  if (TRANS_A) { return A[k * params.M + row]; }
  return A[row * params.K + k];
}

fn loadB(k: u32, col: u32) -> f32 {
  if (TRANS_B) { return B[col * params.K + k]; }
  return B[k * params.N + col];
}

fn storeC(row: u32, col: u32, value: f32) { C[sliceOffset + row * params.N + col] = value; }

@compute @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(local_invocation_id) local: vec3<u32>,
  @builtin(local_invocation_index) flat: u32,
) {
  sliceOffset = group.z * params.M * params.N;
  let kBegin = group.z * params.kPerSplit;
  tiledProduct(group, local, flat, params.M, params.N, kBegin, min(params.K, kBegin + params.kPerSplit));
}

// matmul: C = op(A) · op(B), op = identity or transpose, any M, N, K (edges are bounds-checked): the scalar
// kernel, for shapes whose alignment rules out the vec4 kernel (shaders/matmulVec4.wgsl), and split-K.
//
// Tiled: a workgroup computes a TILE_M × TILE_N block of C; each of its (TILE_N/THREAD_N) × (TILE_M/THREAD_M)
// threads keeps THREAD_M × THREAD_N accumulators in registers. Each step stages a TILE_K-deep slice of A and
// of B in workgroup memory, both stored k-major (the A tile transposed) so the inner loop reads rows of both
// without bank conflicts. A thread owns the strided rows lid.y + i·WG_Y and columns lid.x + j·WG_X, so
// neighbouring threads touch neighbouring addresses on every load and store.
//
// Split-K: workgroup z sums only k in [z·kPerSplit, (z+1)·kPerSplit) and writes its partial product to slice z
// of C, then shaders/matmulSplitKReduce.wgsl adds the slices. Without split-K, kPerSplit = K and z = 0.
//
// Variants (src/kernels/matmulVariants.ts): the `const` tile sizes below are specialized per variant; TRANS_A
// and TRANS_B are pipeline overrides, so a transposed operand is read in place, never materialised.
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

const TILE_M: u32 = 64u;
const TILE_N: u32 = 64u;
const TILE_K: u32 = 16u;
const THREAD_M: u32 = 4u;
const THREAD_N: u32 = 4u;
const WG_X: u32 = TILE_N / THREAD_N;
const WG_Y: u32 = TILE_M / THREAD_M;
const THREADS: u32 = WG_X * WG_Y;

var<workgroup> tileA: array<f32, TILE_K * TILE_M>;
var<workgroup> tileB: array<f32, TILE_K * TILE_N>;

fn readA(row: u32, k: u32, kEnd: u32) -> f32 {
  if (row >= params.M || k >= kEnd) { return 0.0; }
  if (TRANS_A) { return A[k * params.M + row]; }
  return A[row * params.K + k];
}

fn readB(k: u32, col: u32, kEnd: u32) -> f32 {
  if (k >= kEnd || col >= params.N) { return 0.0; }
  if (TRANS_B) { return B[col * params.K + k]; }
  return B[k * params.N + col];
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(local_invocation_id) local: vec3<u32>,
  @builtin(local_invocation_index) flat: u32,
) {
  let rowBase = group.y * TILE_M;
  let colBase = group.x * TILE_N;
  let kBegin = group.z * params.kPerSplit;
  let kEnd = min(params.K, kBegin + params.kPerSplit);
  var acc: array<f32, THREAD_M * THREAD_N>;
  var a: array<f32, THREAD_M>;
  var b: array<f32, THREAD_N>;

  for (var k0 = kBegin; k0 < kEnd; k0 += TILE_K) {
    // Walk the slice along whichever axis is contiguous in memory, so global loads coalesce.
    for (var i = flat; i < TILE_M * TILE_K; i += THREADS) {
      var m: u32;
      var k: u32;
      if (TRANS_A) { m = i % TILE_M; k = i / TILE_M; } else { k = i % TILE_K; m = i / TILE_K; }
      tileA[k * TILE_M + m] = readA(rowBase + m, k0 + k, kEnd);
    }
    for (var i = flat; i < TILE_N * TILE_K; i += THREADS) {
      var n: u32;
      var k: u32;
      if (TRANS_B) { k = i % TILE_K; n = i / TILE_K; } else { n = i % TILE_N; k = i / TILE_N; }
      tileB[k * TILE_N + n] = readB(k0 + k, colBase + n, kEnd);
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      for (var i = 0u; i < THREAD_M; i++) { a[i] = tileA[k * TILE_M + local.y + i * WG_Y]; }
      for (var j = 0u; j < THREAD_N; j++) { b[j] = tileB[k * TILE_N + local.x + j * WG_X]; }
      for (var i = 0u; i < THREAD_M; i++) {
        for (var j = 0u; j < THREAD_N; j++) {
          acc[i * THREAD_N + j] = fma(a[i], b[j], acc[i * THREAD_N + j]);
        }
      }
    }
    workgroupBarrier();
  }

  let out = group.z * params.M * params.N;
  for (var i = 0u; i < THREAD_M; i++) {
    let row = rowBase + local.y + i * WG_Y;
    if (row >= params.M) { continue; }
    for (var j = 0u; j < THREAD_N; j++) {
      let col = colBase + local.x + j * WG_X;
      if (col < params.N) { C[out + row * params.N + col] = acc[i * THREAD_N + j]; }
    }
  }
}

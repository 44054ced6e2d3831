// @stacklab kernel=matmul workgroup=16x16 tile=TILExTILE TILE=16,32,64
// 2-D tiled matmul: each 16×16 workgroup computes a TILE×TILE tile of C (64×64 as written), (TILE/16)² outputs per
// thread, staging TILE×16 slices of A and 16×TILE slices of B in workgroup memory so each global value is read once
// per workgroup. tile=TILExTILE (rows × columns of C per workgroup) makes the grid ceil(N/TILE) × ceil(M/TILE);
// TILE=16,32,64 are the values `tune --kernel` tries, and -D TILE=32 sets one.
// Try it: stacklab bench matmul --kernel examples/kernels/tiled.wgsl --kernel examples/kernels/naive.wgsl
//         stacklab tune --kernel examples/kernels/tiled.wgsl --shapes 256x256x256

struct Dims {
  M: u32,
  N: u32,
  K: u32,
}

// A: [M, K] row-major
@group(0) @binding(0) var<storage, read> A: array<f32>;
// B: [K, N] row-major
@group(0) @binding(1) var<storage, read> B: array<f32>;
// C: [M, N] row-major
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
// dims: M, N, K
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE = 64u;
const TILE_M = TILE;
const TILE_N = TILE;
const TILE_K = 16u;
const THREADS = 16u;
const PER_THREAD = TILE / THREADS;

var<workgroup> tileA: array<array<f32, TILE_K>, TILE_M>;
var<workgroup> tileB: array<array<f32, TILE_N>, TILE_K>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  let rowBase = group.y * TILE_M;
  let colBase = group.x * TILE_N;
  var acc: array<array<f32, PER_THREAD>, PER_THREAD>;
  for (var k0 = 0u; k0 < dims.K; k0 += TILE_K) {
    // 256 threads stage TILE×16 values of A and 16×TILE of B; zeros past the edges keep the sums exact.
    for (var i = flat; i < TILE_M * TILE_K; i += THREADS * THREADS) {
      let r = rowBase + i / TILE_K;
      let k = k0 + i % TILE_K;
      var v = 0.0;
      if (r < dims.M && k < dims.K) { v = A[r * dims.K + k]; }
      tileA[i / TILE_K][i % TILE_K] = v;
    }
    for (var i = flat; i < TILE_K * TILE_N; i += THREADS * THREADS) {
      let k = k0 + i / TILE_N;
      let c = colBase + i % TILE_N;
      var v = 0.0;
      if (k < dims.K && c < dims.N) { v = B[k * dims.N + c]; }
      tileB[i / TILE_N][i % TILE_N] = v;
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      var b: array<f32, PER_THREAD>;
      // Strided by 16 so neighbouring threads read neighbouring columns (and write neighbouring outputs).
      for (var j = 0u; j < PER_THREAD; j++) { b[j] = tileB[k][local.x + j * THREADS]; }
      for (var i = 0u; i < PER_THREAD; i++) {
        let a = tileA[local.y + i * THREADS][k];
        for (var j = 0u; j < PER_THREAD; j++) { acc[i][j] = fma(a, b[j], acc[i][j]); }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < PER_THREAD; i++) {
    for (var j = 0u; j < PER_THREAD; j++) {
      let r = rowBase + local.y + i * THREADS;
      let c = colBase + local.x + j * THREADS;
      if (r < dims.M && c < dims.N) { C[r * dims.N + c] = acc[i][j]; }
    }
  }
}

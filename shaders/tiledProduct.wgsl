// tiledProduct: the shared tiled-product loop C = A · B (M × N, summed over k in [kBegin, kEnd)), for kernels
// that fuse work into how A and B are read and how C is written. Not a kernel by itself: a shader that includes
// it defines
//   fn loadA(row: u32, k: u32) -> f32     A[row, k], called only for row < M, k < kEnd
//   fn loadB(k: u32, col: u32) -> f32     B[k, col], called only for k < kEnd, col < N
//   fn storeC(row: u32, col: u32, value: f32)   called once per element of C inside [M, N]
// and calls tiledProduct from its entry point with @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y).
// src/kernels/dense.ts appends this file to shaders/dense.wgsl, renaming the three hooks per product;
// src/kernels/matmul.ts appends it to shaders/matmul.wgsl, specializing the tile consts per variant.
//
// A workgroup computes a PRODUCT_TILE_M × PRODUCT_TILE_N block of C, each thread a PRODUCT_THREAD_M ×
// PRODUCT_THREAD_N register block on strided rows and columns (neighbouring threads, neighbouring addresses).
// A_K_CONTIGUOUS / B_N_CONTIGUOUS say which index of each operand is contiguous in memory, so the staging walk
// follows it and global loads coalesce whether or not the operand is read transposed.

override A_K_CONTIGUOUS: bool = true;
override B_N_CONTIGUOUS: bool = true;

const PRODUCT_TILE_M: u32 = 32u;
const PRODUCT_TILE_N: u32 = 32u;
const PRODUCT_TILE_K: u32 = 16u;
const PRODUCT_THREAD_M: u32 = 4u;
const PRODUCT_THREAD_N: u32 = 4u;
const PRODUCT_WG_X: u32 = PRODUCT_TILE_N / PRODUCT_THREAD_N;
const PRODUCT_WG_Y: u32 = PRODUCT_TILE_M / PRODUCT_THREAD_M;
const PRODUCT_THREADS: u32 = PRODUCT_WG_X * PRODUCT_WG_Y;

var<workgroup> stagedA: array<f32, PRODUCT_TILE_K * PRODUCT_TILE_M>;
var<workgroup> stagedB: array<f32, PRODUCT_TILE_K * PRODUCT_TILE_N>;

fn stageTiles(rowBase: u32, colBase: u32, k0: u32, flat: u32, M: u32, N: u32, kEnd: u32) {
  for (var i = flat; i < PRODUCT_TILE_M * PRODUCT_TILE_K; i += PRODUCT_THREADS) {
    let m = select(i % PRODUCT_TILE_M, i / PRODUCT_TILE_K, A_K_CONTIGUOUS);
    let k = select(i / PRODUCT_TILE_M, i % PRODUCT_TILE_K, A_K_CONTIGUOUS);
    var value = 0.0;
    if (rowBase + m < M && k0 + k < kEnd) { value = loadA(rowBase + m, k0 + k); }
    stagedA[k * PRODUCT_TILE_M + m] = value;
  }
  for (var i = flat; i < PRODUCT_TILE_N * PRODUCT_TILE_K; i += PRODUCT_THREADS) {
    let n = select(i / PRODUCT_TILE_K, i % PRODUCT_TILE_N, B_N_CONTIGUOUS);
    let k = select(i % PRODUCT_TILE_K, i / PRODUCT_TILE_N, B_N_CONTIGUOUS);
    var value = 0.0;
    if (colBase + n < N && k0 + k < kEnd) { value = loadB(k0 + k, colBase + n); }
    stagedB[k * PRODUCT_TILE_N + n] = value;
  }
}

fn tiledProduct(group: vec3<u32>, local: vec3<u32>, flat: u32, M: u32, N: u32, kBegin: u32, kEnd: u32) {
  let rowBase = group.y * PRODUCT_TILE_M;
  let colBase = group.x * PRODUCT_TILE_N;
  var sums: array<f32, PRODUCT_THREAD_M * PRODUCT_THREAD_N>;
  var aCol: array<f32, PRODUCT_THREAD_M>;
  var bRow: array<f32, PRODUCT_THREAD_N>;
  for (var k0 = kBegin; k0 < kEnd; k0 += PRODUCT_TILE_K) {
    stageTiles(rowBase, colBase, k0, flat, M, N, kEnd);
    workgroupBarrier();
    for (var k = 0u; k < PRODUCT_TILE_K; k++) {
      for (var i = 0u; i < PRODUCT_THREAD_M; i++) { aCol[i] = stagedA[k * PRODUCT_TILE_M + local.y + i * PRODUCT_WG_Y]; }
      for (var j = 0u; j < PRODUCT_THREAD_N; j++) { bRow[j] = stagedB[k * PRODUCT_TILE_N + local.x + j * PRODUCT_WG_X]; }
      for (var i = 0u; i < PRODUCT_THREAD_M; i++) {
        for (var j = 0u; j < PRODUCT_THREAD_N; j++) {
          sums[i * PRODUCT_THREAD_N + j] = fma(aCol[i], bRow[j], sums[i * PRODUCT_THREAD_N + j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < PRODUCT_THREAD_M; i++) {
    let row = rowBase + local.y + i * PRODUCT_WG_Y;
    for (var j = 0u; j < PRODUCT_THREAD_N; j++) {
      let col = colBase + local.x + j * PRODUCT_WG_X;
      if (row < M && col < N) { storeC(row, col, sums[i * PRODUCT_THREAD_N + j]); }
    }
  }
}

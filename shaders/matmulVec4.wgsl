// matmulVec4: C = op(A) · op(B) with every global load and store a vec4, for shapes whose alignment allows it
// (host-checked in src/kernels/matmulVariants.ts: N % 4 = 0, and the contiguous axis of A and of B a
// multiple of 4, so a vec4 is either wholly inside an operand or wholly outside).
//
// A workgroup computes a TILE_M × TILE_N block of C; each thread keeps THREAD_M rows × THREAD_N columns of
// accumulators, the columns as THREAD_N/4 vec4s. A thread owns rows lid.y + i·WG_Y and vec4 columns
// lid.x + j·WG_X, so neighbouring threads store neighbouring vec4s. The B tile lives in workgroup memory as
// vec4s along n; the A tile is stored transposed (k-major, A_TILE_TRANSPOSED) so the THREAD_M reads of one k
// step hit consecutive words, or row-major for comparison.
//
// Variants (src/kernels/matmulVariants.ts) specialize the `const`s below:
//   tile and thread sizes;
//   BUFFERS = 2: double-buffered tiles: the next slice is fetched into registers before this one is multiplied
//     and stored to the other buffer afterwards, so global latency hides behind the FMAs and one barrier per
//     slice suffices (the other buffer was last read before the previous barrier);
//   CHECK_BOUNDS = false: no edge tests, valid only when M, N, K divide the tile (the host picks it only then).
// TRANS_A and TRANS_B are pipeline overrides: a transposed operand is read in place, never materialised.
// Benchmark: stacklab bench matmul [--shapes MxNxK,…]; compare variants: stacklab tune

struct Params {
  M: u32,
  N: u32,
  K: u32,
}

// A: [M, K], or [K, M] when TRANS_A, read as vec4s along its last axis
@group(0) @binding(0) var<storage, read> A: array<vec4<f32>>;
// B: [K, N], or [N, K] when TRANS_B, read as vec4s along its last axis
@group(0) @binding(1) var<storage, read> B: array<vec4<f32>>;
// C: [M, N], written as vec4s along n
@group(0) @binding(2) var<storage, read_write> C: array<vec4<f32>>;
// params: sizes M, N, K
@group(0) @binding(3) var<uniform> params: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;

const TILE_M: u32 = 128u;
const TILE_N: u32 = 128u;
const TILE_K: u32 = 8u;
const THREAD_M: u32 = 8u;
const THREAD_N: u32 = 8u;
const BUFFERS: u32 = 2u;
const CHECK_BOUNDS: bool = true;
const A_TILE_TRANSPOSED: bool = true;

const WG_X: u32 = TILE_N / THREAD_N;
const WG_Y: u32 = TILE_M / THREAD_M;
const THREADS: u32 = WG_X * WG_Y;
const COLS4: u32 = THREAD_N / 4u;
const TILE_N4: u32 = TILE_N / 4u;
// Each thread fetches exactly A_LOADS and B_LOADS vec4s per slice (the host only defines variants where
// the tile's vec4 count is a multiple of THREADS).
const A_LOADS: u32 = TILE_M * TILE_K / 4u / THREADS;
const B_LOADS: u32 = TILE_N * TILE_K / 4u / THREADS;
const A_TILE: u32 = TILE_M * TILE_K;
const B_TILE4: u32 = TILE_N4 * TILE_K;

var<workgroup> tileA: array<f32, BUFFERS * A_TILE>;
var<workgroup> tileB: array<vec4<f32>, BUFFERS * B_TILE4>;

fn aTileIndex(m: u32, k: u32) -> u32 {
  if (A_TILE_TRANSPOSED) { return k * TILE_M + m; }
  return m * TILE_K + k;
}

// Chunk c of the A slice: 4 consecutive k of one row, or 4 consecutive rows of one k when TRANS_A.
fn aChunk(c: u32) -> vec2<u32> {
  if (TRANS_A) { return vec2<u32>(4u * (c % (TILE_M / 4u)), c / (TILE_M / 4u)); }
  return vec2<u32>(c / (TILE_K / 4u), 4u * (c % (TILE_K / 4u)));
}

// Chunk c of the B slice: 4 consecutive columns of one k, or 4 consecutive k of one column when TRANS_B.
fn bChunk(c: u32) -> vec2<u32> {
  if (TRANS_B) { return vec2<u32>(c / (TILE_K / 4u), 4u * (c % (TILE_K / 4u))); }
  return vec2<u32>(4u * (c % TILE_N4), c / TILE_N4);
}

fn fetchA(flat: u32, rowBase: u32, k0: u32) -> array<vec4<f32>, A_LOADS> {
  var out: array<vec4<f32>, A_LOADS>;
  for (var r = 0u; r < A_LOADS; r++) {
    let mk = aChunk(flat + r * THREADS);
    let row = rowBase + mk.x;
    let k = k0 + mk.y;
    if (CHECK_BOUNDS && (row >= params.M || k >= params.K)) {
      out[r] = vec4<f32>(0.0);
    } else if (TRANS_A) {
      out[r] = A[(k * params.M + row) / 4u];
    } else {
      out[r] = A[(row * params.K + k) / 4u];
    }
  }
  return out;
}

fn fetchB(flat: u32, colBase: u32, k0: u32) -> array<vec4<f32>, B_LOADS> {
  var out: array<vec4<f32>, B_LOADS>;
  for (var r = 0u; r < B_LOADS; r++) {
    let nk = bChunk(flat + r * THREADS);
    let col = colBase + nk.x;
    let k = k0 + nk.y;
    if (CHECK_BOUNDS && (col >= params.N || k >= params.K)) {
      out[r] = vec4<f32>(0.0);
    } else if (TRANS_B) {
      out[r] = B[(col * params.K + k) / 4u];
    } else {
      out[r] = B[(k * params.N + col) / 4u];
    }
  }
  return out;
}

fn storeTiles(flat: u32, slot: u32, a: array<vec4<f32>, A_LOADS>, b: array<vec4<f32>, B_LOADS>) {
  for (var r = 0u; r < A_LOADS; r++) {
    let mk = aChunk(flat + r * THREADS);
    for (var e = 0u; e < 4u; e++) {
      if (TRANS_A) {
        tileA[slot * A_TILE + aTileIndex(mk.x + e, mk.y)] = a[r][e];
      } else {
        tileA[slot * A_TILE + aTileIndex(mk.x, mk.y + e)] = a[r][e];
      }
    }
  }
  for (var r = 0u; r < B_LOADS; r++) {
    let nk = bChunk(flat + r * THREADS);
    if (TRANS_B) {
      for (var e = 0u; e < 4u; e++) {
        tileB[slot * B_TILE4 + (nk.y + e) * TILE_N4 + nk.x / 4u][nk.x % 4u] = b[r][e];
      }
    } else {
      tileB[slot * B_TILE4 + nk.y * TILE_N4 + nk.x / 4u] = b[r];
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(local_invocation_id) local: vec3<u32>,
  @builtin(local_invocation_index) flat: u32,
) {
  let rowBase = group.y * TILE_M;
  let colBase = group.x * TILE_N;
  let slices = (params.K + TILE_K - 1u) / TILE_K;
  var acc: array<vec4<f32>, THREAD_M * COLS4>;
  var a: array<f32, THREAD_M>;
  var b: array<vec4<f32>, COLS4>;
  var nextA = fetchA(flat, rowBase, 0u);
  var nextB = fetchB(flat, colBase, 0u);
  storeTiles(flat, 0u, nextA, nextB);
  workgroupBarrier();

  for (var t = 0u; t < slices; t++) {
    let slot = t % BUFFERS;
    let more = t + 1u < slices;
    if (BUFFERS == 2u && more) {
      nextA = fetchA(flat, rowBase, (t + 1u) * TILE_K);
      nextB = fetchB(flat, colBase, (t + 1u) * TILE_K);
    }
    for (var k = 0u; k < TILE_K; k++) {
      for (var i = 0u; i < THREAD_M; i++) { a[i] = tileA[slot * A_TILE + aTileIndex(local.y + i * WG_Y, k)]; }
      for (var j = 0u; j < COLS4; j++) { b[j] = tileB[slot * B_TILE4 + k * TILE_N4 + local.x + j * WG_X]; }
      for (var i = 0u; i < THREAD_M; i++) {
        for (var j = 0u; j < COLS4; j++) {
          acc[i * COLS4 + j] = fma(vec4<f32>(a[i]), b[j], acc[i * COLS4 + j]);
        }
      }
    }
    if (BUFFERS == 2u) {
      if (more) { storeTiles(flat, 1u - slot, nextA, nextB); }
      workgroupBarrier();
    } else {
      workgroupBarrier();
      if (more) {
        storeTiles(flat, 0u, fetchA(flat, rowBase, (t + 1u) * TILE_K), fetchB(flat, colBase, (t + 1u) * TILE_K));
      }
      workgroupBarrier();
    }
  }

  let N4 = params.N / 4u;
  for (var i = 0u; i < THREAD_M; i++) {
    let row = rowBase + local.y + i * WG_Y;
    for (var j = 0u; j < COLS4; j++) {
      let col4 = colBase / 4u + local.x + j * WG_X;
      if (!CHECK_BOUNDS || (row < params.M && col4 < N4)) { C[row * N4 + col4] = acc[i * COLS4 + j]; }
    }
  }
}

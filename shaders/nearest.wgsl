// nearest: for each query row x_q, the K reference rows y_r with the smallest squared Euclidean distance
// Σ_f (x_q,f − y_r,f)², ascending, equal distances lower index first; distances and top-k fused, so the
// [queries × refs] distance matrix never exists and the search is one pass with no barriers.
//
// Each thread owns QUERIES (4) consecutive queries and walks the references in index order, 8 at a time: per
// feature it loads 4 + 8 values for 32 subtract-and-FMAs (register blocking, as a matmul tile does; on a CPU
// adapter every load is a per-lane gather, so loads are the cost; 4 × 4 ran 1.35× slower, 8 × 8 no faster). Each query keeps its K nearest so far
// sorted in private memory; a reference enters only when strictly nearer than the K-th, which is what sends ties to
// the lower index, and after the first few hundred references almost none do. The difference form (rather than
// ‖x‖² + ‖y‖² − 2·x·y) keeps exact duplicates at distance 0 and needs no norm pass. A distance that is not a finite
// float32 never enters, so a list left short keeps index 0xffffffff (the host reports it).
// Variants: K (the list length, sizes the private arrays) is specialized per k. Benchmark: the kNN learner in
// stacklab stack (docs/results.md); correctness: test/kernels/nearest.test.ts

struct Params {
  queries: u32,
  refs: u32,
  features: u32,
}

// X: [queries, features]
@group(0) @binding(0) var<storage, read> X: array<f32>;
// Y: [refs, features], the references
@group(0) @binding(1) var<storage, read> Y: array<f32>;
// indices: [queries, K], u32 rows of Y, nearest first
@group(0) @binding(2) var<storage, read_write> indices: array<u32>;
// values: [queries, K], their squared distances
@group(0) @binding(3) var<storage, read_write> values: array<f32>;
// params: the row counts of X and Y and their shared column count (K ≤ refs, checked on the host)
@group(0) @binding(4) var<uniform> params: Params;

const WORKGROUP: u32 = 64u;
const K: u32 = 5u;
const QUERIES: u32 = 4u;
const NONE: u32 = 0xffffffffu;
const FLOAT_MAX: f32 = 0x1.fffffep+127f;

// Query i's list is bestValue/bestIndex[i·K … i·K + K − 1]; worst[i] is its K-th value, the bar to enter.
var<private> bestValue: array<f32, QUERIES * K>;
var<private> bestIndex: array<u32, QUERIES * K>;
var<private> worst: array<f32, QUERIES>;

fn insert(i: u32, v: f32, r: u32) {
  var j = K - 1u;
  while (j > 0u && v < bestValue[i * K + j - 1u]) {
    bestValue[i * K + j] = bestValue[i * K + j - 1u];
    bestIndex[i * K + j] = bestIndex[i * K + j - 1u];
    j--;
  }
  bestValue[i * K + j] = v;
  bestIndex[i * K + j] = r;
  worst[i] = bestValue[i * K + K - 1u];
}

// Offers references r … r+3 at distances d to query i, in index order; padding past the last reference is skipped.
fn offer(i: u32, d: vec4<f32>, r: u32) {
  if (!any(d < vec4<f32>(worst[i]))) { return; }
  for (var c = 0u; c < 4u; c++) {
    if (r + c < params.refs && d[c] < worst[i]) { insert(i, d[c], r + c); }
  }
}

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  // A 2-D grid of rows of workgroups lets the query count exceed 65535 workgroups along x.
  let first = (id.x + id.y * grid.x * WORKGROUP) * QUERIES;
  if (first >= params.queries) { return; }
  let F = params.features;
  let lastQuery = params.queries - 1u;
  let lastRef = params.refs - 1u;
  // Rows past the end read the last row again: their loads stay in bounds and their results are never kept.
  let x0 = min(first, lastQuery) * F;
  let x1 = min(first + 1u, lastQuery) * F;
  let x2 = min(first + 2u, lastQuery) * F;
  let x3 = min(first + 3u, lastQuery) * F;
  for (var s = 0u; s < QUERIES * K; s++) {
    bestValue[s] = FLOAT_MAX;
    bestIndex[s] = NONE;
  }
  for (var i = 0u; i < QUERIES; i++) { worst[i] = FLOAT_MAX; }
  for (var r = 0u; r < params.refs; r += 8u) {
    let y0 = min(r, lastRef) * F;
    let y1 = min(r + 1u, lastRef) * F;
    let y2 = min(r + 2u, lastRef) * F;
    let y3 = min(r + 3u, lastRef) * F;
    let y4 = min(r + 4u, lastRef) * F;
    let y5 = min(r + 5u, lastRef) * F;
    let y6 = min(r + 6u, lastRef) * F;
    let y7 = min(r + 7u, lastRef) * F;
    var d0 = vec4<f32>(0.0);
    var d1 = vec4<f32>(0.0);
    var d2 = vec4<f32>(0.0);
    var d3 = vec4<f32>(0.0);
    var h0 = vec4<f32>(0.0);
    var h1 = vec4<f32>(0.0);
    var h2 = vec4<f32>(0.0);
    var h3 = vec4<f32>(0.0);
    for (var f = 0u; f < F; f++) {
      let y = vec4<f32>(Y[y0 + f], Y[y1 + f], Y[y2 + f], Y[y3 + f]);
      let z = vec4<f32>(Y[y4 + f], Y[y5 + f], Y[y6 + f], Y[y7 + f]);
      let a0 = X[x0 + f];
      let a1 = X[x1 + f];
      let a2 = X[x2 + f];
      let a3 = X[x3 + f];
      let e0 = a0 - y;
      let e1 = a1 - y;
      let e2 = a2 - y;
      let e3 = a3 - y;
      let g0 = a0 - z;
      let g1 = a1 - z;
      let g2 = a2 - z;
      let g3 = a3 - z;
      d0 = fma(e0, e0, d0);
      d1 = fma(e1, e1, d1);
      d2 = fma(e2, e2, d2);
      d3 = fma(e3, e3, d3);
      h0 = fma(g0, g0, h0);
      h1 = fma(g1, g1, h1);
      h2 = fma(g2, g2, h2);
      h3 = fma(g3, g3, h3);
    }
    offer(0u, d0, r);
    offer(0u, h0, r + 4u);
    offer(1u, d1, r);
    offer(1u, h1, r + 4u);
    offer(2u, d2, r);
    offer(2u, h2, r + 4u);
    offer(3u, d3, r);
    offer(3u, h3, r + 4u);
  }
  for (var i = 0u; i < QUERIES; i++) {
    let q = first + i;
    if (q > lastQuery) { break; }
    for (var t = 0u; t < K; t++) {
      indices[q * K + t] = bestIndex[i * K + t];
      values[q * K + t] = bestValue[i * K + t];
    }
  }
}

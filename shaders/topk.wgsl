// topk: per row of D [queries, refs], the k smallest values in ascending order with their column indices;
// equal values come out lower index first, so results never depend on thread timing.
//
// One workgroup per row, k rounds: round t finds the smallest (value, index) pair — ordered by value, then
// index — that comes after the pair round t−1 found, each thread scanning a strided share of the row and a
// tree reduction in workgroup memory picking the winner. That costs k passes over the row: right for kNN's
// small k; k = refs works but is quadratic. Distances are finite (NaN rows give unspecified order).
// Variants: none. Benchmark: part of kNN in stacklab stack; correctness: test/kernels/topk.test.ts

struct Params {
  queries: u32,
  refs: u32,
  k: u32,
}

// D: [queries, refs]
@group(0) @binding(0) var<storage, read> D: array<f32>;
// indices: [queries, k], u32 column indices into D
@group(0) @binding(1) var<storage, read_write> indices: array<u32>;
// values: [queries, k]
@group(0) @binding(2) var<storage, read_write> values: array<f32>;
// params: D's rows and columns, and k (1 ≤ k ≤ refs, checked on the host)
@group(0) @binding(3) var<uniform> params: Params;

const WORKGROUP: u32 = 64u;
const NONE: u32 = 0xffffffffu;

var<workgroup> bestValue: array<f32, WORKGROUP>;
var<workgroup> bestIndex: array<u32, WORKGROUP>;

// (v, i) comes before (bv, bi); NONE marks "no candidate yet", which everything real comes before.
fn before(v: f32, i: u32, bv: f32, bi: u32) -> bool {
  return i != NONE && (bi == NONE || v < bv || (v == bv && i < bi));
}

@compute @workgroup_size(WORKGROUP)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) grid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // A 2-D grid lets the row count exceed 65535 workgroups along x.
  let q = group.x + group.y * grid.x;
  if (q >= params.queries) { return; }
  let row = q * params.refs;
  var lastValue = 0.0;
  var lastIndex = NONE;
  for (var t = 0u; t < params.k; t++) {
    var value = 0.0;
    var index = NONE;
    for (var r = lid; r < params.refs; r += WORKGROUP) {
      let d = D[row + r];
      if ((lastIndex == NONE || before(lastValue, lastIndex, d, r)) && before(d, r, value, index)) {
        value = d;
        index = r;
      }
    }
    bestValue[lid] = value;
    bestIndex[lid] = index;
    workgroupBarrier();
    for (var s = WORKGROUP / 2u; s > 0u; s >>= 1u) {
      if (lid < s && before(bestValue[lid + s], bestIndex[lid + s], bestValue[lid], bestIndex[lid])) {
        bestValue[lid] = bestValue[lid + s];
        bestIndex[lid] = bestIndex[lid + s];
      }
      workgroupBarrier();
    }
    lastValue = bestValue[0];
    lastIndex = bestIndex[0];
    if (lid == 0u) {
      indices[q * params.k + t] = lastIndex;
      values[q * params.k + t] = lastValue;
    }
    // Round t+1 overwrites the slots every thread just read.
    workgroupBarrier();
  }
}

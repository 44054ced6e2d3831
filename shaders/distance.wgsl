// distance: pairwise squared Euclidean distances D[q, r] = ‖x_q‖² + ‖y_r‖² − 2·x_q·y_r, clamped ≥ 0 (rounding
// can push a tiny true distance below zero). The norms come from shaders/distanceNorms.wgsl and the products
// x_q·y_r from matmul (Q·Rᵀ, written straight into D); this pass combines them in place, one thread per element.
// Variants: none. Benchmark: part of kNN in stacklab stack; correctness: test/kernels/distance.test.ts

struct Params {
  queries: u32,
  refs: u32,
}

// D: [queries, refs], holding x_q·y_r on entry and squared distances on exit
@group(0) @binding(0) var<storage, read_write> D: array<f32>;
// queryNorms: [queries]
@group(0) @binding(1) var<storage, read> queryNorms: array<f32>;
// refNorms: [refs]
@group(0) @binding(2) var<storage, read> refNorms: array<f32>;
// params: D's rows and columns
@group(0) @binding(3) var<uniform> params: Params;

const WORKGROUP: u32 = 256u;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  // A 2-D grid of rows of workgroups lets D exceed 65535 workgroups along x.
  let i = id.x + id.y * grid.x * WORKGROUP;
  if (i >= params.queries * params.refs) { return; }
  let q = i / params.refs;
  let r = i % params.refs;
  D[i] = max(0.0, queryNorms[q] + refNorms[r] - 2.0 * D[i]);
}

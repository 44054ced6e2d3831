// distanceNorms: squared row norms n[i] = Σ_f X[i, f]², the first pass of pairwise squared distances
// (shaders/distance.wgsl). One thread per row: F is a feature count, small beside the Q·R products.
// Variants: none. Benchmark: part of kNN in stacklab stack; correctness: test/kernels/distance.test.ts

struct Params {
  rows: u32,
  cols: u32,
}

// X: [rows, cols] (queries or references)
@group(0) @binding(0) var<storage, read> X: array<f32>;
// norms: [rows]
@group(0) @binding(1) var<storage, read_write> norms: array<f32>;
// params: X's rows and cols
@group(0) @binding(2) var<uniform> params: Params;

const WORKGROUP: u32 = 256u;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  // A 2-D grid of rows of workgroups lets the row count exceed 65535 workgroups along x.
  let row = id.x + id.y * grid.x * WORKGROUP;
  if (row >= params.rows) { return; }
  var sum = 0.0;
  for (var f = 0u; f < params.cols; f++) {
    let x = X[row * params.cols + f];
    sum = fma(x, x, sum);
  }
  norms[row] = sum;
}

// matmulSplitKReduce: C[i] = Σ_s P[s, i], the second pass of split-K matmul (shaders/matmul.wgsl writes P).
// Summing the slices in order keeps the result deterministic. One thread per element of C.
// Variants: none. Benchmark: part of every split-K variant in stacklab tune / stacklab bench matmul.

struct Params {
  count: u32,
  splits: u32,
}

// P: [splits, M, N] partial products
@group(0) @binding(0) var<storage, read> P: array<f32>;
// C: [M, N]
@group(0) @binding(1) var<storage, read_write> C: array<f32>;
// params: count = M·N, splits
@group(0) @binding(2) var<uniform> params: Params;

const WORKGROUP: u32 = 256u;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  // A 2-D grid of rows of workgroups lets C exceed 65535 workgroups along x.
  let i = id.x + id.y * grid.x * WORKGROUP;
  if (i >= params.count) { return; }
  var sum = 0.0;
  for (var s = 0u; s < params.splits; s++) { sum += P[s * params.count + i]; }
  C[i] = sum;
}

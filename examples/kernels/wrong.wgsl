// @stacklab kernel=matmul workgroup=16x16
// Deliberately wrong: the naive matmul with the classic off-by-one, the last term of every dot product left
// out. stacklab refuses it before timing anything, naming the worst element:
//   stacklab bench matmul --kernel examples/kernels/wrong.wgsl   (exits 2)

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

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.M || col >= dims.N) {
    return;
  }
  var sum = 0.0;
  for (var k = 0u; k + 1u < dims.K; k++) {
    sum += A[row * dims.K + k] * B[k * dims.N + col];
  }
  C[row * dims.N + col] = sum;
}

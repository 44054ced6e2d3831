// @stacklab kernel=matmul workgroup=16x16 rtol=2e-3
// A reduced-precision experiment: the naive matmul with every input rounded to TF32 (10 mantissa bits, as tensor
// cores read float32) before the multiply, and the sum kept in float32. Each product is then off by up to about
// 2·2⁻¹¹ of its size, far beyond float32's bound, so the header sets the kernel's own: every element of C within
// rtol = 2e-3 of (|A|·|B|)[i] of the float64 reference. --tolerance on the command line wins over the header.
// Try it: stacklab bench matmul --kernel examples/kernels/tf32.wgsl
//         stacklab bench matmul --kernel examples/kernels/tf32.wgsl --tolerance float32   (refused)

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

// Round to nearest on the 13 mantissa bits TF32 drops (ties away from zero, which is near enough for an experiment).
fn tf32(x: f32) -> f32 {
  return bitcast<f32>((bitcast<u32>(x) + 0x1000u) & 0xffffe000u);
}

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.M || col >= dims.N) {
    return;
  }
  var sum = 0.0;
  for (var k = 0u; k < dims.K; k++) {
    sum += tf32(A[row * dims.K + k]) * tf32(B[k * dims.N + col]);
  }
  C[row * dims.N + col] = sum;
}

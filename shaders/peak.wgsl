// peak: microbenchmarks of what an adapter can attain, for the roofline (`stacklab info --peak`, `bench --peak`).
// Variants (entry points):
//   fmaChains: per item, CHAINS independent vec4 chains x ← fma(x, multiplier, addend), `iterations` steps each
//              (chain j starts at src[i] + j/8), then dst[i] = Σ_j x_j: 8·CHAINS·iterations flops per item and
//              almost no memory traffic. The multiplier and addend come from the uniform, so nothing folds away.
//   copy:      dst[i] = src[i] over `count` vec4s: 32 bytes moved per item and no arithmetic.
// Benchmark: stacklab info --peak

struct PeakParams {
  count: u32,
  iterations: u32,
  multiplier: f32,
  addend: f32,
}

// src: [count] vec4<f32>
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
// dst: [count] vec4<f32>
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
// params: count, iterations, multiplier, addend
@group(0) @binding(2) var<uniform> params: PeakParams;

const THREADS: u32 = 256u;
const CHAINS: u32 = 8u;

@compute @workgroup_size(THREADS)
fn fmaChains(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  let i = id.x + id.y * grid.x * THREADS;
  if (i >= params.count) {
    return;
  }
  let m = vec4<f32>(params.multiplier);
  let c = vec4<f32>(params.addend);
  var x: array<vec4<f32>, CHAINS>;
  for (var j = 0u; j < CHAINS; j++) {
    x[j] = src[i] + vec4<f32>(f32(j) / 8.0);
  }
  for (var k = 0u; k < params.iterations; k++) {
    for (var j = 0u; j < CHAINS; j++) {
      x[j] = fma(x[j], m, c);
    }
  }
  var sum = vec4<f32>(0.0);
  for (var j = 0u; j < CHAINS; j++) {
    sum += x[j];
  }
  dst[i] = sum;
}

@compute @workgroup_size(THREADS)
fn copy(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  for (var i = id.x; i < params.count; i += grid.x * THREADS) {
    dst[i] = src[i];
  }
}

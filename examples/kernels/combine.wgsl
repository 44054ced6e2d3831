// @stacklab kernel=combine workgroup=16x16
// The stacking meta-learner's combination out[n, c] = Σ_m softmax(α)_m · P[m, n, c], one thread per output;
// each thread recomputes the softmax of α (models are few). Grid: ceil(classes/16) × ceil(rows/16).
// Try it: stacklab bench combine --kernel examples/kernels/combine.wgsl

struct Dims {
  models: u32,
  rows: u32,
  classes: u32,
}

// P: [models, rows, classes]
@group(0) @binding(0) var<storage, read> P: array<f32>;
// alpha: [models]
@group(0) @binding(1) var<storage, read> alpha: array<f32>;
// out: [rows, classes]
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
// dims: models, rows, classes
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.rows || col >= dims.classes) {
    return;
  }
  var peak = alpha[0];
  for (var m = 1u; m < dims.models; m++) { peak = max(peak, alpha[m]); }
  var total = 0.0;
  for (var m = 0u; m < dims.models; m++) { total += exp(alpha[m] - peak); }
  var sum = 0.0;
  let plane = dims.rows * dims.classes;
  for (var m = 0u; m < dims.models; m++) {
    sum += exp(alpha[m] - peak) / total * P[m * plane + row * dims.classes + col];
  }
  out[row * dims.classes + col] = sum;
}

// @stacklab kernel=dense-forward workgroup=16x16
// A dense layer's forward pass, Y = relu(X·W + b), one thread per element of Y: the starting point for a fused
// kernel of your own. Grid: ceil(outputs/16) × ceil(batch/16) workgroups.
// Try it: stacklab bench dense-forward --kernel examples/kernels/dense-forward.wgsl

struct Dims {
  batch: u32,
  inputs: u32,
  outputs: u32,
}

// X: [batch, inputs]
@group(0) @binding(0) var<storage, read> X: array<f32>;
// W: [inputs, outputs]
@group(0) @binding(1) var<storage, read> W: array<f32>;
// b: [outputs]
@group(0) @binding(2) var<storage, read> b: array<f32>;
// Y: [batch, outputs]
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;
// dims: batch, inputs, outputs
@group(0) @binding(4) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.batch || col >= dims.outputs) {
    return;
  }
  var z = b[col];
  for (var i = 0u; i < dims.inputs; i++) {
    z += X[row * dims.inputs + i] * W[i * dims.outputs + col];
  }
  Y[row * dims.outputs + col] = max(z, 0.0);
}

// @stacklab kernel=dense-backward workgroup=16x16
// A ReLU dense layer's backward pass as two entry points, one thread per output element:
//   inputGradient:  dX = dZ·Wᵀ over [batch, inputs]
//   weightGradient: dW = Xᵀ·dZ over [inputs, outputs]; its threads of row 0 also write db = Σ_batch dZ
// with dZ = dY ⊙ step(Y) (ReLU's slope, read from the forward output Y).
// Try it: stacklab bench dense-backward --kernel examples/kernels/dense-backward.wgsl

struct Dims {
  batch: u32,
  inputs: u32,
  outputs: u32,
}

// X: [batch, inputs]
@group(0) @binding(0) var<storage, read> X: array<f32>;
// W: [inputs, outputs]
@group(0) @binding(1) var<storage, read> W: array<f32>;
// Y (the forward output): [batch, outputs]
@group(0) @binding(2) var<storage, read> Y: array<f32>;
// dY: [batch, outputs]
@group(0) @binding(3) var<storage, read> dY: array<f32>;
// dX: [batch, inputs]
@group(0) @binding(4) var<storage, read_write> dX: array<f32>;
// dW: [inputs, outputs]
@group(0) @binding(5) var<storage, read_write> dW: array<f32>;
// db: [outputs]
@group(0) @binding(6) var<storage, read_write> db: array<f32>;
// dims: batch, inputs, outputs
@group(0) @binding(7) var<uniform> dims: Dims;

fn dZ(row: u32, col: u32) -> f32 {
  let at = row * dims.outputs + col;
  return select(0.0, dY[at], Y[at] > 0.0);
}

@compute @workgroup_size(16, 16)
fn inputGradient(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.batch || col >= dims.inputs) {
    return;
  }
  var sum = 0.0;
  for (var o = 0u; o < dims.outputs; o++) {
    sum += dZ(row, o) * W[col * dims.outputs + o];
  }
  dX[row * dims.inputs + col] = sum;
}

@compute @workgroup_size(16, 16)
fn weightGradient(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= dims.inputs || col >= dims.outputs) {
    return;
  }
  var sum = 0.0;
  var bias = 0.0;
  for (var n = 0u; n < dims.batch; n++) {
    let g = dZ(n, col);
    sum += X[n * dims.inputs + row] * g;
    bias += g;
  }
  dW[row * dims.outputs + col] = sum;
  if (row == 0u) {
    db[col] = bias;
  }
}

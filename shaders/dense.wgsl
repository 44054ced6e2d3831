// dense: a fully connected layer, forward and backward, as three fused products on shaders/tiledProduct.wgsl
// (appended by src/kernels/dense.ts, which renames its loadA/loadB/storeC hooks to one product's below).
//   forward:         Y = act(X·W + b)                       bias and activation applied as the product is stored
//   inputGradient:   dX = dZ·Wᵀ,  dZ = dY ⊙ act′(Y)          act′ applied as dZ is loaded; Wᵀ read in place
//   weightGradient:  [dW; db] = [X | 1]ᵀ·dZ                  db (column sums of dZ) is the product's extra row
// act′ of every activation is a function of the output Y, so the backward pass needs no pre-activation.
// Model axis: M layers of one shape in one dispatch, workgroup id z = model; every operand below carries a
// leading [M] (omitted when M = 1, the layout is the same) and each model reads and writes its own slice.
// No transpose is ever materialised; A_K_CONTIGUOUS/B_N_CONTIGUOUS tell the loop which way each operand lies.
//
// Variants: ACTIVATION override (0 linear, 1 relu, 2 sigmoid, 3 tanh); tile sizes are tiledProduct's consts.
// Benchmark: stacklab bench dense-forward dense-backward

struct DenseSize {
  batch: u32,
  inputs: u32,
  outputs: u32,
}

override ACTIVATION: u32 = 0u;

// Bindings differ per entry point; `size` (binding 4) is common to all three.
// forward ---------------------------------------------------------------------------------------------------
// X: [M, batch, inputs]
@group(0) @binding(0) var<storage, read> X: array<f32>;
// W: [M, inputs, outputs]
@group(0) @binding(1) var<storage, read> W: array<f32>;
// bias: [M, outputs]
@group(0) @binding(2) var<storage, read> bias: array<f32>;
// Y: [M, batch, outputs]
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;
// size: batch, inputs, outputs
@group(0) @binding(4) var<uniform> size: DenseSize;
// inputGradient and weightGradient ------------------------------------------------------------------------
// gradY (dY): [M, batch, outputs]
@group(0) @binding(0) var<storage, read> gradY: array<f32>;
// output (the forward Y): [M, batch, outputs]
@group(0) @binding(1) var<storage, read> output: array<f32>;
// weights (W, inputGradient only): [M, inputs, outputs]
@group(0) @binding(2) var<storage, read> weights: array<f32>;
// inputs (X, weightGradient only): [M, batch, inputs]
@group(0) @binding(2) var<storage, read> inputs: array<f32>;
// gradInputs (dX, inputGradient only): [M, batch, inputs]
@group(0) @binding(3) var<storage, read_write> gradInputs: array<f32>;
// gradWeights (dW, weightGradient only): [M, inputs, outputs]
@group(0) @binding(3) var<storage, read_write> gradWeights: array<f32>;
// gradBias (db, weightGradient only): [M, outputs]
@group(0) @binding(5) var<storage, read_write> gradBias: array<f32>;

// The model this workgroup works on (its workgroup id z), set by each entry point before the product runs.
var<private> model: u32;

// Offsets of this model's slice in [M, batch, inputs], [M, batch, outputs], [M, inputs, outputs] and [M, outputs].
fn inputsBase() -> u32 { return model * size.batch * size.inputs; }
fn outputsBase() -> u32 { return model * size.batch * size.outputs; }
fn weightsBase() -> u32 { return model * size.inputs * size.outputs; }
fn biasBase() -> u32 { return model * size.outputs; }

fn activate(z: f32) -> f32 {
  switch ACTIVATION {
    case 1u: { return max(z, 0.0); }
    // exp(-z) overflows to +inf for z < -88, and 1 / (1 + inf) is the correct limit 0.
    case 2u: { return 1.0 / (1.0 + exp(-z)); }
    // tanh(±15) rounds to ±1 in f32; clamping keeps formulas built on exp(2z) away from inf/inf.
    case 3u: { return tanh(clamp(z, -15.0, 15.0)); }
    default: { return z; }
  }
}

fn activationSlope(y: f32) -> f32 {
  switch ACTIVATION {
    case 1u: { return select(0.0, 1.0, y > 0.0); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    default: { return 1.0; }
  }
}

fn gradZ(n: u32, o: u32) -> f32 {
  let i = outputsBase() + n * size.outputs + o;
  return gradY[i] * activationSlope(output[i]);
}

// forward: A = X [batch, inputs], B = W [inputs, outputs], C = Y.
fn forward_loadA(row: u32, k: u32) -> f32 { return X[inputsBase() + row * size.inputs + k]; }
fn forward_loadB(k: u32, col: u32) -> f32 { return W[weightsBase() + k * size.outputs + col]; }
fn forward_storeC(row: u32, col: u32, value: f32) { Y[outputsBase() + row * size.outputs + col] = activate(value + bias[biasBase() + col]); }

// inputGradient: A = dZ [batch, outputs], B = Wᵀ [outputs, inputs], C = dX.
fn inputGradient_loadA(row: u32, k: u32) -> f32 { return gradZ(row, k); }
fn inputGradient_loadB(k: u32, col: u32) -> f32 { return weights[weightsBase() + col * size.outputs + k]; }
fn inputGradient_storeC(row: u32, col: u32, value: f32) { gradInputs[inputsBase() + row * size.inputs + col] = value; }

// weightGradient: A = [X | 1]ᵀ [inputs + 1, batch], B = dZ [batch, outputs], C = [dW; db].
fn weightGradient_loadA(row: u32, k: u32) -> f32 {
  if (row == size.inputs) { return 1.0; }
  return inputs[inputsBase() + k * size.inputs + row];
}
fn weightGradient_loadB(k: u32, col: u32) -> f32 { return gradZ(k, col); }
fn weightGradient_storeC(row: u32, col: u32, value: f32) {
  if (row == size.inputs) { gradBias[biasBase() + col] = value; } else { gradWeights[weightsBase() + row * size.outputs + col] = value; }
}

@compute @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y)
fn forward(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  model = group.z;
  tiledProduct(group, local, flat, size.batch, size.outputs, 0u, size.inputs);
}

@compute @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y)
fn inputGradient(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  model = group.z;
  tiledProduct(group, local, flat, size.batch, size.inputs, 0u, size.outputs);
}

@compute @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y)
fn weightGradient(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  model = group.z;
  tiledProduct(group, local, flat, size.inputs + 1u, size.outputs, 0u, size.batch);
}

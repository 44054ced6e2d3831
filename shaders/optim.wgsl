// optim: in-place parameter updates, one thread per element (grid-stride, so any size fits the dispatch).
//   sgd:      v = μ·v + g;  p −= lr·v
//   adamStep: once per batch, before that batch's adam dispatches: step += 1 and the bias corrections
//             cₜ = 1 − βᵗ, kept as the recurrence cₜ = (1 − β) + β·cₜ₋₁, whose terms are all positive, so no
//             float32 cancellation (1 − βᵗ computed directly loses most digits when β = 0.999 and t is small).
//   adam:     m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  p −= lr · (m / c₁) / (√(v / c₂) + ε)
// Hyper-parameters live in uniform buffers the host rewrites between epochs; Adam's step lives on the GPU, so a
// whole epoch is encoded with no CPU round trip.
// Variants: none. Benchmark: stacklab bench train-step (the optimizer dispatches are part of each step)

struct SgdHyper {
  count: u32,
  lr: f32,
  momentum: f32,
}

struct AdamHyper {
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
}

struct AdamProgress {
  step: u32,
  correction1: f32,
  correction2: f32,
}

// sgd ---------------------------------------------------------------------------------------------------------
// sgdHyper: element count, learning rate, momentum
@group(0) @binding(0) var<uniform> sgdHyper: SgdHyper;
// sgdParam: [count], updated in place
@group(0) @binding(1) var<storage, read_write> sgdParam: array<f32>;
// sgdGrad: [count]
@group(0) @binding(2) var<storage, read> sgdGrad: array<f32>;
// velocity: [count]
@group(0) @binding(3) var<storage, read_write> velocity: array<f32>;
// adamStep and adam --------------------------------------------------------------------------------------------
// adamHyper: lr, β₁, β₂, ε
@group(0) @binding(0) var<uniform> adamHyper: AdamHyper;
// progress: step count and bias corrections (u32 [3] on the host)
@group(0) @binding(1) var<storage, read_write> progress: AdamProgress;
// adamCount (adam only): element count
@group(0) @binding(2) var<uniform> adamCount: vec4<u32>;
// adamParam: [count], updated in place
@group(0) @binding(3) var<storage, read_write> adamParam: array<f32>;
// adamGrad: [count]
@group(0) @binding(4) var<storage, read> adamGrad: array<f32>;
// moment1 (m): [count]
@group(0) @binding(5) var<storage, read_write> moment1: array<f32>;
// moment2 (v): [count]
@group(0) @binding(6) var<storage, read_write> moment2: array<f32>;

const THREADS: u32 = 256u;

@compute @workgroup_size(THREADS)
fn sgd(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  for (var i = id.x; i < sgdHyper.count; i += grid.x * THREADS) {
    let v = sgdHyper.momentum * velocity[i] + sgdGrad[i];
    velocity[i] = v;
    sgdParam[i] -= sgdHyper.lr * v;
  }
}

@compute @workgroup_size(1)
fn adamStep() {
  progress.step += 1u;
  progress.correction1 = (1.0 - adamHyper.beta1) + adamHyper.beta1 * progress.correction1;
  progress.correction2 = (1.0 - adamHyper.beta2) + adamHyper.beta2 * progress.correction2;
}

@compute @workgroup_size(THREADS)
fn adam(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  let b1 = adamHyper.beta1;
  let b2 = adamHyper.beta2;
  let c1 = progress.correction1;
  let c2 = progress.correction2;
  for (var i = id.x; i < adamCount.x; i += grid.x * THREADS) {
    let g = adamGrad[i];
    let m = b1 * moment1[i] + (1.0 - b1) * g;
    let v = b2 * moment2[i] + (1.0 - b2) * (g * g);
    moment1[i] = m;
    moment2[i] = v;
    adamParam[i] -= adamHyper.lr * (m / c1) / (sqrt(v / c2) + adamHyper.epsilon);
  }
}

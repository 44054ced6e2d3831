// optim: in-place parameter updates, one thread per element (grid-stride, so any size fits the dispatch).
//   sgd:      v = μ·v + g;  p −= lr·v
//   adamStep: once per batch, before that batch's adam dispatches: step += 1 and the bias corrections
//             cₜ = 1 − βᵗ, kept as the recurrence cₜ = (1 − β) + β·cₜ₋₁, whose terms are all positive, so no
//             float32 cancellation (1 − βᵗ computed directly loses most digits when β = 0.999 and t is small).
//   adam:     m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  p −= lr · ((m / c₁) / (√(v / c₂) + ε) + wd · p)
//             (decoupled weight decay wd, as AdamW; wd = 0 is plain Adam)
// Model axis (Adam): M parameter sets of one shape in one dispatch, workgroup id z = model, each with its own step
// count, learning rate and weight decay. adamStep reads a gate per model and batch: a gated-off model (no batch
// here, or stopped early) neither counts the step nor moves its parameters.
// Hyper-parameters live in uniform buffers the host rewrites between epochs; Adam's step lives on the GPU, so a
// whole epoch is encoded with no CPU round trip.
// Variants: none. Benchmark: stacklab bench train-step (the optimizer dispatches are part of each step)

struct SgdHyper {
  count: u32,
  lr: f32,
  momentum: f32,
}

struct AdamHyper {
  beta1: f32,
  beta2: f32,
  epsilon: f32,
}

struct AdamProgress {
  step: u32,
  correction1: f32,
  correction2: f32,
  // 1 when this batch updates the model (copied from the gate by adamStep), else 0
  updating: u32,
}

struct AdamRates {
  lr: f32,
  weightDecay: f32,
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
// adamHyper: β₁, β₂, ε
@group(0) @binding(0) var<uniform> adamHyper: AdamHyper;
// progress: [M] of step count, bias corrections, updating (u32 [M, 4] on the host)
@group(0) @binding(1) var<storage, read_write> progress: array<AdamProgress>;
// gateAt (adamStep only): x = this batch's slot in gate, y = slots per model
@group(0) @binding(2) var<uniform> gateAt: vec4<u32>;
// gate (adamStep only): u32 [M, slots], nonzero where model m learns from batch `slot`
@group(0) @binding(3) var<storage, read> gate: array<u32>;
// adamCount (adam only): element count per model
@group(0) @binding(2) var<uniform> adamCount: vec4<u32>;
// adamParam: [M, count], updated in place
@group(0) @binding(3) var<storage, read_write> adamParam: array<f32>;
// adamGrad: [M, count]
@group(0) @binding(4) var<storage, read> adamGrad: array<f32>;
// moment1 (m): [M, count]
@group(0) @binding(5) var<storage, read_write> moment1: array<f32>;
// moment2 (v): [M, count]
@group(0) @binding(6) var<storage, read_write> moment2: array<f32>;
// rates (adam only): [M] of learning rate, weight decay (f32 [M, 2] on the host)
@group(0) @binding(7) var<storage, read> rates: array<AdamRates>;

const THREADS: u32 = 256u;

@compute @workgroup_size(THREADS)
fn sgd(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  for (var i = id.x; i < sgdHyper.count; i += grid.x * THREADS) {
    let v = sgdHyper.momentum * velocity[i] + sgdGrad[i];
    velocity[i] = v;
    sgdParam[i] -= sgdHyper.lr * v;
  }
}

@compute @workgroup_size(64)
fn adamStep(@builtin(global_invocation_id) id: vec3<u32>) {
  let model = id.x;
  if (model >= arrayLength(&progress)) { return; }
  let updating = gate[model * gateAt.y + gateAt.x] != 0u;
  progress[model].updating = select(0u, 1u, updating);
  if (!updating) { return; }
  progress[model].step += 1u;
  progress[model].correction1 = (1.0 - adamHyper.beta1) + adamHyper.beta1 * progress[model].correction1;
  progress[model].correction2 = (1.0 - adamHyper.beta2) + adamHyper.beta2 * progress[model].correction2;
}

@compute @workgroup_size(THREADS)
fn adam(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  let model = id.z;
  if (progress[model].updating == 0u) { return; }
  let b1 = adamHyper.beta1;
  let b2 = adamHyper.beta2;
  let c1 = progress[model].correction1;
  let c2 = progress[model].correction2;
  let lr = rates[model].lr;
  let decay = rates[model].weightDecay;
  let base = model * adamCount.x;
  for (var j = id.x; j < adamCount.x; j += grid.x * THREADS) {
    let i = base + j;
    let g = adamGrad[i];
    let m = b1 * moment1[i] + (1.0 - b1) * g;
    let v = b2 * moment2[i] + (1.0 - b2) * (g * g);
    moment1[i] = m;
    moment2[i] = v;
    let p = adamParam[i];
    adamParam[i] = p - lr * ((m / c1) / (sqrt(v / c2) + adamHyper.epsilon) + decay * p);
  }
}

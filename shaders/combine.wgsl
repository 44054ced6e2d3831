// combine: the meta-learner's weighted combination of base-model probabilities, and its gradient.
//   combine:  out[n, c] = Σ_m w[m, c] · P[m, n, c],  w[·, c] = softmax over models of α[·, c] (or of α, per-model)
//   rowTerms: per row n with label y: o = out[n, y]; terms[m, n] = P[m, n, y] / o − 1 and terms[models, n] = log o
//   reduce:   one workgroup per α entry (k, c) sums terms[k, n] over rows labelled c (all rows, per-model), and
//             one more sums log o: gradAlpha[k, c] = −w[k, c] · Σ / rows, loss = −Σ log o / rows.
// (∂o/∂α[k, c] = w[k, c] · (P[k, n, c] − o) for rows labelled c, zero otherwise.) Both passes only read
// P's label column; combine reads all of P once: memory-bound.
// Variants: PER_CLASS override (α [models, classes], normalised over models for each class) or α [models].
// Benchmark: stacklab bench combine

struct CombineParams {
  models: u32,
  rows: u32,
  classes: u32,
  slots: u32,
}

override PER_CLASS: bool = false;

// params: models, rows, classes, and slots = entries of α + 1 (reduce)
@group(0) @binding(0) var<uniform> params: CombineParams;
// P (combine, rowTerms): [models, rows, classes]
@group(0) @binding(1) var<storage, read> P: array<f32>;
// termsIn (reduce): [models + 1, rows], written by rowTerms
@group(0) @binding(1) var<storage, read> termsIn: array<f32>;
// alpha: [models], or [models, classes] when PER_CLASS
@group(0) @binding(2) var<storage, read> alpha: array<f32>;
// result: out [rows, classes] (combine), terms [models + 1, rows] (rowTerms), gradAlpha shaped as alpha (reduce)
@group(0) @binding(3) var<storage, read_write> result: array<f32>;
// labels (rowTerms, reduce): u32 [rows]
@group(0) @binding(4) var<storage, read> labels: array<u32>;
// loss (reduce): [1]
@group(0) @binding(5) var<storage, read_write> loss: array<f32>;

const THREADS: u32 = 256u;

var<workgroup> partial: array<f32, THREADS>;

fn alphaAt(m: u32, c: u32) -> f32 {
  if (PER_CLASS) { return alpha[m * params.classes + c]; }
  return alpha[m];
}

fn alphaPeak(c: u32) -> f32 {
  var peak = alphaAt(0u, c);
  for (var m = 1u; m < params.models; m++) { peak = max(peak, alphaAt(m, c)); }
  return peak;
}

// Σ_m w[m, c] · P[m, n, c], with the softmax's numerator and denominator summed in one pass.
fn mixed(n: u32, c: u32) -> f32 {
  let peak = alphaPeak(c);
  var weighted = 0.0;
  var total = 0.0;
  for (var m = 0u; m < params.models; m++) {
    let e = exp(alphaAt(m, c) - peak);
    total += e;
    weighted += e * P[(m * params.rows + n) * params.classes + c];
  }
  return weighted / total;
}

@compute @workgroup_size(THREADS)
fn combine(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  let count = params.rows * params.classes;
  for (var i = id.x; i < count; i += grid.x * THREADS) {
    result[i] = mixed(i / params.classes, i % params.classes);
  }
}

@compute @workgroup_size(THREADS)
fn rowTerms(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  for (var n = id.x; n < params.rows; n += grid.x * THREADS) {
    let c = labels[n];
    let o = mixed(n, c);
    for (var m = 0u; m < params.models; m++) {
      result[m * params.rows + n] = P[(m * params.rows + n) * params.classes + c] / o - 1.0;
    }
    result[params.models * params.rows + n] = log(o);
  }
}

@compute @workgroup_size(THREADS)
fn reduce(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) thread: u32) {
  let slot = group.x;
  let isLoss = slot == params.slots - 1u;
  let k = select(select(slot, slot / params.classes, PER_CLASS), params.models, isLoss);
  let c = select(0u, slot % params.classes, PER_CLASS && !isLoss);
  var sum = 0.0;
  for (var n = thread; n < params.rows; n += THREADS) {
    if (isLoss || !PER_CLASS || labels[n] == c) { sum += termsIn[k * params.rows + n]; }
  }
  partial[thread] = sum;
  for (var stride = THREADS / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (thread < stride) { partial[thread] += partial[thread + stride]; }
  }
  if (thread == 0u) {
    if (isLoss) {
      loss[0] = -partial[0] / f32(params.rows);
    } else {
      let peak = alphaPeak(c);
      var total = 0.0;
      for (var m = 0u; m < params.models; m++) { total += exp(alphaAt(m, c) - peak); }
      let w = exp(alphaAt(k, c) - peak) / total;
      result[slot] = -(w * partial[0]) / f32(params.rows);
    }
  }
}

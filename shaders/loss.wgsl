// loss: row-wise softmax, softmax cross-entropy with its gradient, numerically stable (max-subtracted, so
// logits of ±1e4 give finite results), and the regression losses with theirs.
//   crossEntropy: one workgroup walks the batch; per row p = softmax(logits), row loss = log Σexp(l − max) −
//                 (l[label] − max), dLogits = (p − onehot(label)) / batch; the row losses are summed by a
//                 workgroup reduction and the batch's mean written to loss[slot] (a training epoch gives each
//                 batch its own slot and reads them all once).
//                 A row whose label is not a class (≥ classes: gather's `missing` label for padding) is ignored:
//                 its dLogits are 0 and the mean is over the labelled rows (0 when there are none).
//   softmax:      probabilities only (predictProba), one thread per row.
//   squaredError: per element r = prediction − target, loss r², dPredictions = 2r / n;
//   huber:        loss ½r² where |r| ≤ δ, else δ(|r| − ½δ), dPredictions = clamp(r, −δ, δ) / n;
//                 n counts the elements with a target, and the mean over them goes to loss[slot] as for
//                 crossEntropy. A target that is not finite (gather's padding word is a NaN) marks an element
//                 to ignore: its gradient is 0. `classes` is then the outputs per row.
// Model axis: M batches at once, workgroup id z = model, each operand with a leading [M] (omitted when M = 1);
// model m's loss goes to loss[m, slot].
// Variants: the entry points above. Benchmark: stacklab bench train-step (the loss is one dispatch of each training step)

struct LossParams {
  batch: u32,
  classes: u32,
  slot: u32,
  // loss slots per model
  slots: u32,
  // huber only: δ, where the loss turns from quadratic to linear
  delta: f32,
}

// logits: [M, batch, classes]; the predictions for squaredError and huber
@group(0) @binding(0) var<storage, read> logits: array<f32>;
// rowsOut: [M, batch, classes]; dLogits for crossEntropy, probabilities for softmax, dPredictions for the others
@group(0) @binding(1) var<storage, read_write> rowsOut: array<f32>;
// params: batch, classes, slot, slots, delta
@group(0) @binding(2) var<uniform> params: LossParams;
// labels (crossEntropy): u32 [M, batch], class indices < classes, or ≥ classes for an ignored row;
// (squaredError, huber): the targets [M, batch, classes] as f32 bits, read as u32 so a NaN pad is seen for sure
@group(0) @binding(3) var<storage, read> labels: array<u32>;
// loss (all but softmax): [M, slots]; loss[m, slot] receives model m's batch mean
@group(0) @binding(4) var<storage, read_write> loss: array<f32>;

const THREADS: u32 = 256u;

var<workgroup> partial: array<f32, THREADS>;

struct RowStats {
  peak: f32,
  total: f32,
}

fn rowStats(base: u32) -> RowStats {
  var peak = logits[base];
  for (var c = 1u; c < params.classes; c++) { peak = max(peak, logits[base + c]); }
  var total = 0.0;
  for (var c = 0u; c < params.classes; c++) { total += exp(logits[base + c] - peak); }
  return RowStats(peak, total);
}

fn workgroupSum(thread: u32, value: f32) -> f32 {
  partial[thread] = value;
  for (var stride = THREADS / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (thread < stride) { partial[thread] += partial[thread + stride]; }
  }
  workgroupBarrier();
  let total = partial[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(THREADS)
fn crossEntropy(@builtin(local_invocation_index) thread: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let model = group.z;
  let rowBase = model * params.batch;
  var labelled = 0.0;
  for (var row = thread; row < params.batch; row += THREADS) { labelled += select(0.0, 1.0, labels[rowBase + row] < params.classes); }
  let count = workgroupSum(thread, labelled);
  let scale = select(0.0, 1.0 / count, count > 0.0);
  var sum = 0.0;
  for (var row = thread; row < params.batch; row += THREADS) {
    let base = (rowBase + row) * params.classes;
    let label = labels[rowBase + row];
    if (label >= params.classes) {
      for (var c = 0u; c < params.classes; c++) { rowsOut[base + c] = 0.0; }
      continue;
    }
    let stats = rowStats(base);
    for (var c = 0u; c < params.classes; c++) {
      let p = exp(logits[base + c] - stats.peak) / stats.total;
      rowsOut[base + c] = (p - select(0.0, 1.0, c == label)) * scale;
    }
    sum += log(stats.total) - (logits[base + label] - stats.peak);
  }
  let total = workgroupSum(thread, sum);
  if (thread == 0u) { loss[model * params.slots + params.slot] = total * scale; }
}

@compute @workgroup_size(THREADS)
fn softmax(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  let rowBase = id.z * params.batch;
  for (var row = id.x; row < params.batch; row += grid.x * THREADS) {
    let base = (rowBase + row) * params.classes;
    let stats = rowStats(base);
    for (var c = 0u; c < params.classes; c++) { rowsOut[base + c] = exp(logits[base + c] - stats.peak) / stats.total; }
  }
}

// Exponent bits all set: ±inf or NaN, which no real target is.
fn hasTarget(bits: u32) -> bool { return (bits & 0x7f800000u) != 0x7f800000u; }

fn regression(thread: u32, model: u32, huber: bool) {
  let base = model * params.batch * params.classes;
  let count = params.batch * params.classes;
  var labelled = 0.0;
  for (var i = thread; i < count; i += THREADS) { labelled += select(0.0, 1.0, hasTarget(labels[base + i])); }
  let n = workgroupSum(thread, labelled);
  let inverse = select(0.0, 1.0 / n, n > 0.0);
  var sum = 0.0;
  for (var i = thread; i < count; i += THREADS) {
    let bits = labels[base + i];
    if (!hasTarget(bits)) {
      rowsOut[base + i] = 0.0;
      continue;
    }
    let r = logits[base + i] - bitcast<f32>(bits);
    if (huber) {
      let a = abs(r);
      sum += select(params.delta * (a - 0.5 * params.delta), 0.5 * r * r, a <= params.delta);
      rowsOut[base + i] = clamp(r, -params.delta, params.delta) * inverse;
    } else {
      sum += r * r;
      rowsOut[base + i] = 2.0 * r * inverse;
    }
  }
  let total = workgroupSum(thread, sum);
  if (thread == 0u) { loss[model * params.slots + params.slot] = total * inverse; }
}

@compute @workgroup_size(THREADS)
fn squaredError(@builtin(local_invocation_index) thread: u32, @builtin(workgroup_id) group: vec3<u32>) {
  regression(thread, group.z, false);
}

@compute @workgroup_size(THREADS)
fn huber(@builtin(local_invocation_index) thread: u32, @builtin(workgroup_id) group: vec3<u32>) {
  regression(thread, group.z, true);
}

// loss: row-wise softmax, and softmax cross-entropy with its gradient, numerically stable (max-subtracted, so
// logits of ±1e4 give finite results).
//   crossEntropy: one workgroup walks the batch; per row p = softmax(logits), row loss = log Σexp(l − max) −
//                 (l[label] − max), dLogits = (p − onehot(label)) / batch; the row losses are summed by a
//                 workgroup reduction and the batch's mean written to loss[slot] (a training epoch gives each
//                 batch its own slot and reads them all once).
//   softmax:      probabilities only (predictProba), one thread per row.
// Variants: none. Benchmark: stacklab bench train-step (the loss is one dispatch of each training step)

struct LossParams {
  batch: u32,
  classes: u32,
  slot: u32,
}

// logits: [batch, classes]
@group(0) @binding(0) var<storage, read> logits: array<f32>;
// rowsOut: [batch, classes]; dLogits for crossEntropy, probabilities for softmax
@group(0) @binding(1) var<storage, read_write> rowsOut: array<f32>;
// params: batch, classes, slot
@group(0) @binding(2) var<uniform> params: LossParams;
// labels (crossEntropy only): u32 [batch], class indices < classes
@group(0) @binding(3) var<storage, read> labels: array<u32>;
// loss (crossEntropy only): [slots]; loss[slot] receives the batch's mean
@group(0) @binding(4) var<storage, read_write> loss: array<f32>;

const THREADS: u32 = 256u;

var<workgroup> partial: array<f32, THREADS>;

struct RowStats {
  peak: f32,
  total: f32,
}

fn rowStats(row: u32) -> RowStats {
  let base = row * params.classes;
  var peak = logits[base];
  for (var c = 1u; c < params.classes; c++) { peak = max(peak, logits[base + c]); }
  var total = 0.0;
  for (var c = 0u; c < params.classes; c++) { total += exp(logits[base + c] - peak); }
  return RowStats(peak, total);
}

@compute @workgroup_size(THREADS)
fn crossEntropy(@builtin(local_invocation_index) thread: u32) {
  let scale = 1.0 / f32(params.batch);
  var sum = 0.0;
  for (var row = thread; row < params.batch; row += THREADS) {
    let stats = rowStats(row);
    let base = row * params.classes;
    let label = labels[row];
    for (var c = 0u; c < params.classes; c++) {
      let p = exp(logits[base + c] - stats.peak) / stats.total;
      rowsOut[base + c] = (p - select(0.0, 1.0, c == label)) * scale;
    }
    sum += log(stats.total) - (logits[base + label] - stats.peak);
  }
  partial[thread] = sum;
  for (var stride = THREADS / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (thread < stride) { partial[thread] += partial[thread + stride]; }
  }
  if (thread == 0u) { loss[params.slot] = partial[0] * scale; }
}

@compute @workgroup_size(THREADS)
fn softmax(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  for (var row = id.x; row < params.batch; row += grid.x * THREADS) {
    let stats = rowStats(row);
    let base = row * params.classes;
    for (var c = 0u; c < params.classes; c++) { rowsOut[base + c] = exp(logits[base + c] - stats.peak) / stats.total; }
  }
}

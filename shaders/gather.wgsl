// gather: out[m, i, :] = source[indices[m, offset + i], :] for i < batch — a GPU-resident mini-batch picked by a
// shuffled row order. Elements are copied as 32-bit words, so f32 and u32 arrays come through bit-exactly.
// An index outside source's rows writes the `missing` word (0 for features; a label no class has, so the loss
// ignores the row) rather than reading another buffer's memory.
// Model axis: M index lists into one shared source, workgroup id z = model; with M = 1 the leading [M] is omitted.
// Variants: none. Benchmark: stacklab bench train-step (each step gathers its batch)

struct GatherParams {
  batch: u32,
  cols: u32,
  offset: u32,
  rows: u32,
  // indices per model (the index list's row length)
  stride: u32,
  missing: u32,
}

// source: [rows, cols], any 32-bit element type, shared by every model
@group(0) @binding(0) var<storage, read> source: array<u32>;
// indices: u32 [M, stride ≥ offset + batch], row numbers into source
@group(0) @binding(1) var<storage, read> indices: array<u32>;
// out: [M, batch, cols], source's element type
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
// params: batch, cols, offset into each index list, rows of source, index list length, missing word
@group(0) @binding(3) var<uniform> params: GatherParams;

const THREADS: u32 = 256u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) grid: vec3<u32>) {
  let total = params.batch * params.cols;
  let model = id.z;
  for (var i = id.x; i < total; i += grid.x * THREADS) {
    let row = i / params.cols;
    let col = i - row * params.cols;
    let picked = indices[model * params.stride + params.offset + row];
    var word = params.missing;
    if (picked < params.rows) { word = source[picked * params.cols + col]; }
    out[model * total + i] = word;
  }
}

// Reference for gather: the rows a mini-batch should hold, copied as 32-bit words (bit-exact for f32 and u32).

/** out[i, :] = source[indices[offset + i], :], rows outside source giving the `missing` word (default 0). */
export function gatherRowsReference(source: Uint32Array, rows: number, cols: number, indices: ArrayLike<number>, offset: number, batch: number, missing = 0): Uint32Array {
  const out = new Uint32Array(batch * cols).fill(missing);
  for (let i = 0; i < batch; i++) {
    const from = indices[offset + i];
    if (from < rows) out.set(source.subarray(from * cols, (from + 1) * cols), i * cols);
  }
  return out;
}

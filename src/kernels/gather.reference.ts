// Reference for gather: the rows a mini-batch should hold, copied as 32-bit words (bit-exact for f32 and u32).

/** out[i, :] = source[indices[offset + i], :], rows outside source giving zeros. */
export function gatherRowsReference(source: Uint32Array, rows: number, cols: number, indices: ArrayLike<number>, offset: number, batch: number): Uint32Array {
  const out = new Uint32Array(batch * cols);
  for (let i = 0; i < batch; i++) {
    const from = indices[offset + i];
    if (from < rows) out.set(source.subarray(from * cols, (from + 1) * cols), i * cols);
  }
  return out;
}

// Host-side shape checks shared by every kernel module: a mismatch names the kernel, the operand and both shapes.
import { DtypeError, ShapeError } from '../gpu/errors.js';
import type { GpuArray } from '../gpu/gpuArray.js';

/** `expected` entries that are strings are free dimensions, named in the error message. */
export function expectShape(kernel: string, operand: string, array: GpuArray, expected: readonly (number | string)[], detail = ''): void {
  const actual = array.shape;
  const fits = actual.length === expected.length && expected.every((d, i) => typeof d === 'string' || d === actual[i]);
  if (!fits) throw new ShapeError(kernel, operand, expected, actual, detail);
}

export function expectRank(kernel: string, operand: string, array: GpuArray, rank: number): void {
  if (array.shape.length !== rank) {
    throw new ShapeError(kernel, operand, Array.from({ length: rank }, (_, i) => `d${i}`), array.shape, `rank ${rank} expected`);
  }
}

export function expectDtype(kernel: string, operand: string, array: GpuArray, dtype: GpuArray['dtype']): void {
  if (array.dtype !== dtype) throw new DtypeError(kernel, operand, array.dtype, dtype);
}

// Host-side shape checks shared by every kernel module: a mismatch names the kernel, the operand and both shapes.
import { DtypeError, ShapeError } from '../errors.js';
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

/** An operand of per-model rank `rank`, alone ([…]) or with a leading model axis ([M, …]): the model axis of dense, gather and loss. */
export interface ModelAxis {
  /** M, or 1 without the axis. */
  models: number;
  hasAxis: boolean;
  /** The operand's shape without the model axis. */
  perModel: number[];
  /** A per-model shape as the other operands must have it: with the leading [M] when this one has it. */
  shape<T extends number | string>(perModel: readonly T[]): (T | number)[];
}

export function modelAxis(kernel: string, operand: string, array: GpuArray, rank: number): ModelAxis {
  const hasAxis = array.shape.length === rank + 1;
  expectRank(kernel, operand, array, hasAxis ? rank + 1 : rank);
  const models = hasAxis ? array.shape[0] : 1;
  return { models, hasAxis, perModel: array.shape.slice(hasAxis ? 1 : 0), shape: (perModel) => (hasAxis ? [models, ...perModel] : [...perModel]) };
}

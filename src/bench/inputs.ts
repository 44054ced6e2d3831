// Seeded random inputs for a case, uploaded once and shared by the custom kernels and tfjs (zero-copy tensors).
import { randomFloats, seededRandom } from '../data/random.js';
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';

/** A seed from the case name, so every run (and both hosts) times the very same numbers. */
export function caseSeed(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface Operand {
  array: GpuArray;
  values: Float32Array;
}

export function randomOperands(engine: Engine, caseName: string, operands: { label: string; shape: number[]; scale?: number }[]): Operand[] {
  const random = seededRandom(caseSeed(caseName));
  return operands.map(({ label, shape, scale }) => {
    const values = randomFloats(shape.reduce((a, b) => a * b, 1), random, scale);
    return { array: createArray(engine, label, shape, values), values };
  });
}

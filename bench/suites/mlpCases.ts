// The cases of suites that time a whole MLP (train-step, tfjs-model): shapes BxIxH…xC and the model they describe.
import { ArgumentError } from '../../src/gpu/errors.js';
import { mlpSpec, type MlpSpec } from '../../src/nn/mlpSpec.js';
import type { CaseSpec } from '../suite.js';

export const mlpShapeMeaning = 'BxIxH…xC: batch B, inputs I, hidden layers H…, classes C (ReLU hidden layers)';

/** Each shape as a case's shape record ({ batch, layer1, … }), after checking it describes an MLP. */
export function mlpShapeRecords(suite: string, list: number[][]): Record<string, number>[] {
  for (const shape of list) if (shape.length < 3) throw new ArgumentError(`${suite}: shape ${shape.join('x')} needs at least 3 numbers (${mlpShapeMeaning})`);
  return list.map((shape) => Object.fromEntries(shape.map((n, i) => [i === 0 ? 'batch' : `layer${i}`, n])));
}

export function mlpOfCase(spec: CaseSpec): { batch: number; inputs: number; classes: number; model: MlpSpec } {
  const [batch, inputs, ...rest] = Object.values(spec.shape);
  const classes = rest[rest.length - 1];
  return { batch, inputs, classes, model: mlpSpec(inputs, rest.slice(0, -1), classes) };
}

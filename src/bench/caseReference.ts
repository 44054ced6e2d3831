// The float64 reference of a bench case, where a user-kernel contract covers its suite and the reference is cheap
// enough to compute on the host: every row's error is then its own distance from the exact result, so a row that
// disagrees is named and the rows that agree are not. Larger cases fall back to distance from `custom`.
import type { Engine } from '../gpu/engine.js';
import { readArray } from '../gpu/gpuArray.js';
import type { CaseSpec, PreparedCase } from './suite.js';
import { kernelContracts } from './userKernel/contracts.js';
import { outputBounds, type Tolerance } from './userKernel/tolerance.js';

/** One case's outputs (all of them, concatenated in the contract's order) in float64, and their per-element bounds. */
export interface CaseReference {
  values: Float64Array;
  /** Every element's bound on |got − want|, and the rules in words (one per output): float32's, or a kernel's own. */
  bounds(tolerance: Tolerance | null): { bounds: Float64Array; rule: string };
}

/** Above this many flops of work, the host does not compute the reference (it would take seconds per case). */
const maxReferenceFlops = 3e8;

/** The case's float64 reference, or null when no contract covers it or it is too large to compute here. */
export async function caseReference(engine: Engine, spec: CaseSpec, prepared: PreparedCase): Promise<CaseReference | null> {
  const contract = kernelContracts.find((c) => c.suite === spec.suite);
  const dims = contract?.caseDims(spec);
  const operands = prepared.operands;
  if (!contract || !dims || !operands || prepared.work.flops > maxReferenceFlops) return null;
  const inputs: Record<string, Float32Array> = {};
  for (const b of contract.bindings.filter((x) => x.access === 'read')) inputs[b.name] = await readArray(engine, operands[b.name]);
  const outputs = contract.reference(inputs, dims);
  const values = new Float64Array(outputs.reduce((n, o) => n + o.values.length, 0));
  outputs.reduce((at, o) => (values.set(o.values, at), at + o.values.length), 0);
  return {
    values,
    bounds(tolerance) {
      const bounds = new Float64Array(values.length);
      const rules: string[] = [];
      let at = 0;
      for (const output of outputs) {
        const { bound, rule } = outputBounds(output, tolerance);
        for (let i = 0; i < output.values.length; i++) bounds[at + i] = bound(i);
        at += output.values.length;
        rules.push(rule);
      }
      return { bounds, rule: rules.join('; ') };
    },
  };
}

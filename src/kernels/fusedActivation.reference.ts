// Float64 reference for shaders/fusedActivation.wgsl.
import type { FusedActivation } from './fusedActivation.js';

/** act(z) in float64; `alpha` is leakyrelu's attribute or prelu's weight for this element. */
export function fusedActivationReference(z: number, activation: FusedActivation, alpha = 0): number {
  switch (activation) {
    case 'relu':
      return z < 0 ? 0 : z;
    case 'relu6':
      return z < 0 ? 0 : z > 6 ? 6 : z;
    case 'elu':
      return z >= 0 ? z : Math.expm1(z);
    case 'leakyrelu':
    case 'prelu':
      return z >= 0 ? z : alpha * z;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    default:
      return z;
  }
}

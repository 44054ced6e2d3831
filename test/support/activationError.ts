// Error bounds for the float32 activations of a dense layer, derived from WGSL's accuracy rules and float32 rounding.
import type { Activation } from '../../src/kernels/dense.js';
import type { FusedActivation } from '../../src/kernels/fusedActivation.js';
import { unitRoundoff as u } from './tolerance.js';

/** How much an activation can stretch an error in its input. */
export const lipschitz: Record<Activation, number> = { linear: 1, relu: 1, sigmoid: 0.25, tanh: 1 };

/**
 * Error of the float32 activation itself at pre-activation z. WGSL allows exp (3 + 2|x|) ulp, division 2.5 ulp
 * (1 ulp ≤ 2u relative), and builds tanh from exps: following the roundings of 1 / (1 + exp(−z)) and of
 * (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ) bounds both by (21 + 8|z|)·u absolute (their outputs are at most 1 in magnitude).
 * The kernel clamps tanh's argument to ±15, and sigmoid's exp saturates past 88.
 */
export function activationError(z: number, activation: Activation): number {
  if (activation === 'tanh') return (21 + 8 * Math.min(Math.abs(z), 15)) * u;
  if (activation === 'sigmoid') return (21 + 8 * Math.min(Math.abs(z), 88)) * u;
  return 0;
}


/**
 * The bound on a float32 fused activation at pre-activation z: how much it stretches the error already in z
 * (its Lipschitz constant times `zError`), plus its own rounding. elu's exp(z) − 1 for z < 0: exp within
 * (3 + 2|z|) ulp of a value ≤ 1, then one subtraction; a slope alpha·z: one multiplication; sigmoid as for dense.
 */
export function fusedActivationBound(z: number, zError: number, activation: FusedActivation, alpha: number): number {
  switch (activation) {
    case 'leakyrelu':
    case 'prelu':
      return Math.max(1, Math.abs(alpha)) * zError + u * Math.abs(alpha * z);
    case 'elu':
      return zError + (7 + 4 * Math.min(Math.abs(z), 88)) * u;
    case 'sigmoid':
      return 0.25 * zError + activationError(z, 'sigmoid');
    default:
      return zError;
  }
}

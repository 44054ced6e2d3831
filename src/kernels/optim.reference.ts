// Float64 references for optim: the updates each kernel makes, one step at a time.
import type { AdamHyper, SgdHyper } from './optim.js';

/** v = μ·v + g; p −= lr·v, in place. */
export function sgdMomentumReference(param: Float64Array, grad: ArrayLike<number>, velocity: Float64Array, hyper: SgdHyper): void {
  for (let i = 0; i < param.length; i++) {
    velocity[i] = hyper.momentum * velocity[i] + grad[i];
    param[i] -= hyper.lr * velocity[i];
  }
}

/** One Adam step t (1-based), in place, with bias corrections 1 − βᵗ and decoupled weight decay (AdamW). */
export function adamReference(param: Float64Array, grad: ArrayLike<number>, m: Float64Array, v: Float64Array, t: number, hyper: AdamHyper): void {
  const { lr, beta1, beta2, epsilon, weightDecay = 0 } = hyper;
  for (let i = 0; i < param.length; i++) {
    m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
    v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
    param[i] -= lr * ((m[i] / (1 - beta1 ** t)) / (Math.sqrt(v[i] / (1 - beta2 ** t)) + epsilon) + weightDecay * param[i]);
  }
}

// A float64 forward pass of an MLP with a bound on how far any float32 implementation's probabilities may be from it.
//
// Per layer, with u = 2⁻²⁴ and K inputs: the float32 sum z = b + Σ x_k W_kj of float32 inputs is within
// γ(K+1)·(|b| + Σ|x_k W_kj|) of exact (Higham §3.1), and the input's own error e_k propagates by Σ|W_kj| e_k.
// Activations are 1-Lipschitz (sigmoid ¼) and rounded within a few ulps (WGSL: exp 3 + 2|x| ulp; we allow 8u|y|
// for the others). Softmax: ∂p_i/∂z_j = p_i(δ_ij − p_j), so |Δp_i| ≤ 2 p_i max|Δz|, plus exp's (3 + 2|x|) ulp
// relative error on each term, the C-term sum and the division.
import type { LayerWeights, MlpSpec } from '../../src/nn/mlpSpec.js';
import { gamma, unitRoundoff as u } from '../support/tolerance.js';

const lipschitz = { linear: 1, relu: 1, tanh: 1, sigmoid: 0.25 } as const;
const activate = {
  linear: (z: number) => z,
  relu: (z: number) => Math.max(0, z),
  tanh: Math.tanh,
  sigmoid: (z: number) => 1 / (1 + Math.exp(-z)),
} as const;

export function forwardReference(spec: MlpSpec, weights: readonly LayerWeights[], x: Float32Array): { probs: Float64Array; bound: Float64Array } {
  const rows = x.length / spec.layers[0].inputs;
  const classes = spec.layers[spec.layers.length - 1].units;
  const probs = new Float64Array(rows * classes);
  const bound = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    let values = Array.from(x.subarray(r * spec.layers[0].inputs, (r + 1) * spec.layers[0].inputs));
    let errors = values.map(() => 0);
    spec.layers.forEach(({ inputs, units, activation }, l) => {
      const { w, b } = weights[l];
      const next: number[] = [];
      const nextErrors: number[] = [];
      for (let j = 0; j < units; j++) {
        let z = b[j];
        let magnitude = Math.abs(b[j]);
        let propagated = 0;
        for (let k = 0; k < inputs; k++) {
          z += values[k] * w[k * units + j];
          magnitude += Math.abs(values[k] * w[k * units + j]);
          propagated += Math.abs(w[k * units + j]) * errors[k];
        }
        const y = activate[activation](z);
        next.push(y);
        nextErrors.push(lipschitz[activation] * (gamma(inputs + 1) * magnitude + propagated) + (activation === 'linear' || activation === 'relu' ? 0 : 8 * u * Math.abs(y)));
      }
      values = next;
      errors = nextErrors;
    });
    const max = Math.max(...values);
    const exps = values.map((z) => Math.exp(z - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const maxError = Math.max(...errors);
    const expError = values.reduce((acc, z, j) => acc + (3 + 2 * (max - z)) * u * (exps[j] / sum), 0);
    for (let c = 0; c < classes; c++) {
      const p = exps[c] / sum;
      probs[r * classes + c] = p;
      bound[r * classes + c] = p * (2 * maxError + (3 + 2 * (max - values[c])) * u + expError + gamma(classes + 1)) + u;
    }
  }
  return { probs, bound };
}

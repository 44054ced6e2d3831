// Reference for peak's FMA chains: the same steps in float64, for the sanity check of a peak measurement.
import { peakChains, peakStep } from './peak.js';

/** dst[i] = Σ_j x_j, x_j ← x_j·multiplier + addend `iterations` times from src[i] + j/8, per lane; src: [count·4]. */
export function peakFmaReference(src: Float32Array, iterations: number): Float64Array {
  const { multiplier, addend } = peakStep;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    for (let j = 0; j < peakChains; j++) {
      let x = src[i] + j / 8;
      for (let k = 0; k < iterations; k++) x = x * multiplier + addend;
      out[i] += x;
    }
  }
  return out;
}

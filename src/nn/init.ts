// Seeded initial weights: He-uniform before ReLU (keeps activation variance), Glorot-uniform elsewhere
// (Keras's Dense default); biases zero.
import { seededRandom } from '../data/random.js';
import type { LayerWeights, MlpSpec } from './mlpSpec.js';

export function initialWeights(spec: MlpSpec, seed: number): LayerWeights[] {
  const random = seededRandom(seed);
  return spec.layers.map(({ inputs, units, activation }) => {
    const limit = activation === 'relu' ? Math.sqrt(6 / inputs) : Math.sqrt(6 / (inputs + units));
    const w = new Float32Array(inputs * units);
    for (let i = 0; i < w.length; i++) w[i] = (random.next() * 2 - 1) * limit;
    return { w, b: new Float32Array(units) };
  });
}

// The shape of a multi-layer perceptron: dense layers in → hidden… → classes. The last layer emits logits;
// softmax turns them into probabilities (fused into the loss when training).
import { ArgumentError } from '../errors.js';

import type { Activation } from '../kernels/dense.js';

export type { Activation };

/** One dense layer: `inputs` → `units`, then `activation`. */
export interface DenseSpec {
  inputs: number;
  units: number;
  activation: Activation;
}

/** An MLP's architecture: dense layers from the inputs to the classes; the last layer is linear (it emits logits). */
export interface MlpSpec {
  readonly layers: readonly DenseSpec[];
}

/**
 * The spec of an MLP `inputs` → hidden… → `classes`, hidden layers with `activation`, the last one linear.
 * ArgumentError for a size that is not a positive integer.
 */
export function mlpSpec(inputs: number, hidden: readonly number[], classes: number, activation: Activation = 'relu'): MlpSpec {
  for (const [name, n] of [['inputs', inputs], ['classes', classes], ...hidden.map((h, i) => [`hidden layer ${i + 1}`, h] as const)] as const) {
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`MLP ${name} must be a positive integer, got ${n}`);
  }
  const sizes = [inputs, ...hidden, classes];
  return {
    layers: sizes.slice(1).map((units, i) => ({ inputs: sizes[i], units, activation: i === hidden.length ? 'linear' : activation })),
  };
}

/** The architecture in one line, e.g. `4 → 64 relu → 3`. */
export function describeSpec(spec: MlpSpec): string {
  return [spec.layers[0].inputs, ...spec.layers.map((l) => `${l.units}${l.activation === 'linear' ? '' : ` ${l.activation}`}`)].join(' → ');
}

/** Per layer: W as [inputs, units] row-major, b as [units]. */
export interface LayerWeights {
  w: Float32Array;
  b: Float32Array;
}

/** Throws ArgumentError unless `weights` has one W [inputs, units] and b [units] per layer of `spec`. */
export function checkWeights(spec: MlpSpec, weights: readonly LayerWeights[]): void {
  if (weights.length !== spec.layers.length) throw new ArgumentError(`MLP has ${spec.layers.length} layers, ${weights.length} weight sets given`);
  spec.layers.forEach((layer, i) => {
    if (weights[i].w.length !== layer.inputs * layer.units || weights[i].b.length !== layer.units) {
      throw new ArgumentError(
        `MLP layer ${i}: weights [${weights[i].w.length}] and bias [${weights[i].b.length}] given, [${layer.inputs}×${layer.units}] and [${layer.units}] expected`,
      );
    }
  });
}

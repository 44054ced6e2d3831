// A cut base made only of Dense layers, read out as the custom MLP's layer specs and weights, so it can train on
// stacklab's own kernels. Anything else (convolutions, normalization, other activations) stays on tfjs.
import { tf } from '../gpu/tfjsBackend.js';
import type { Activation, DenseSpec, LayerWeights } from '../nn/mlpSpec.js';

const customActivations: readonly string[] = ['linear', 'relu', 'sigmoid', 'tanh'];

export interface DenseBase {
  names: string[];
  specs: DenseSpec[];
  weights: LayerWeights[];
}

/** Why this base cannot run on the custom kernels, or null when it can. */
export function denseBaseProblem(base: tf.LayersModel): string | null {
  for (const layer of base.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    if (className !== 'Dense') return `layer "${layer.name}" is ${className}`;
    const config = layer.getConfig() as { activation: string; useBias?: boolean };
    if (!customActivations.includes(config.activation)) return `layer "${layer.name}" has activation ${config.activation}`;
    if (config.useBias === false) return `layer "${layer.name}" has no bias`;
  }
  return null;
}

export async function readDenseBase(base: tf.LayersModel): Promise<DenseBase> {
  const problem = denseBaseProblem(base);
  if (problem) throw new Error(`the custom kernels take Dense layers with ${customActivations.join('/')} activations only: ${problem}`);
  const out: DenseBase = { names: [], specs: [], weights: [] };
  for (const layer of base.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const [kernel, bias] = layer.getWeights();
    const config = layer.getConfig() as { units: number; activation: Activation };
    out.names.push(layer.name);
    out.specs.push({ inputs: kernel.shape[0], units: config.units, activation: config.activation });
    // tfjs stores a Dense kernel as [inputs, units] row-major, the custom MLP's layout too.
    out.weights.push({ w: (await kernel.data()) as Float32Array, b: (await bias.data()) as Float32Array });
  }
  return out;
}

// The GPU arrays of one training plan besides the weights: per batch size the activations and gradients of one
// step, per trainable layer dW, db and Adam's moments. All of them live in the plan's scope.
import type { GpuArray } from '../gpu/gpuArray.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import type { GpuLayer } from './gpuLayer.js';

export interface BatchBuffers {
  x: GpuArray;
  y: GpuArray;
  activations: GpuArray[];
  dLogits: GpuArray;
  /** dX per layer, where a lower trainable layer needs it. */
  dx: (GpuArray | undefined)[];
}

export interface Gradients {
  dw: GpuArray;
  db: GpuArray;
  mw: GpuArray;
  vw: GpuArray;
  mb: GpuArray;
  vb: GpuArray;
}

/** dW, db and their Adam moments for layer `l`, zeroed. */
export function layerGradients(scope: GpuScope, layer: GpuLayer, l: number): Gradients {
  const { inputs, units } = layer.spec;
  const make = (what: string, shape: number[]) => scope.array(`mlp layer ${l + 1} ${what}`, shape);
  return {
    dw: make('dW', [inputs, units]),
    db: make('db', [units]),
    mw: make('Adam m(W)', [inputs, units]),
    vw: make('Adam v(W)', [inputs, units]),
    mb: make('Adam m(b)', [units]),
    vb: make('Adam v(b)', [units]),
  };
}

/** One step's arrays for batches of `size` rows; dX only above `lowestTrainable`, where a lower layer learns. */
export function batchBuffers(scope: GpuScope, layers: readonly GpuLayer[], size: number, lowestTrainable: number): BatchBuffers {
  const at = `(batch of ${size})`;
  const x = scope.array(`mlp batch X ${at}`, [size, layers[0].spec.inputs]);
  const y = scope.array(`mlp batch labels ${at}`, [size, 1], undefined, 'u32');
  const activations = layers.map((layer, l) => scope.array(`mlp layer ${l + 1} output ${at}`, [size, layer.spec.units]));
  const dLogits = scope.array(`mlp dLogits ${at}`, [size, layers[layers.length - 1].spec.units]);
  const dx = layers.map((layer, l) => (l > lowestTrainable ? scope.array(`mlp layer ${l + 1} dX ${at}`, [size, layer.spec.inputs]) : undefined));
  return { x, y, activations, dLogits, dx };
}

// The GPU arrays of one training plan besides the weights: per batch size the activations and gradients of one
// step, per trainable layer dW, db and Adam's moments. All of them live in the plan's scope. With M models
// trained together every array carries a leading [M] (none when M = 1, so a single MLP's arrays are unchanged).
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

/** `shape` with the model axis in front when there is more than one model. */
export function modelShape(models: number, shape: readonly number[]): number[] {
  return models > 1 ? [models, ...shape] : [...shape];
}

/** dW, db and their Adam moments for layer `l`, zeroed. */
export function layerGradients(scope: GpuScope, layer: GpuLayer, l: number, models = 1): Gradients {
  const { inputs, units } = layer.spec;
  const make = (what: string, shape: number[]) => scope.array(`mlp layer ${l + 1} ${what}`, modelShape(models, shape));
  return {
    dw: make('dW', [inputs, units]),
    db: make('db', [units]),
    mw: make('Adam m(W)', [inputs, units]),
    vw: make('Adam v(W)', [inputs, units]),
    mb: make('Adam m(b)', [units]),
    vb: make('Adam v(b)', [units]),
  };
}

/** One step's arrays for batches of `size` rows (y: class labels, or regression targets); dX only above `lowestTrainable`, where a lower layer learns. */
export function batchBuffers(scope: GpuScope, layers: readonly GpuLayer[], size: number, lowestTrainable: number, models = 1, target: 'labels' | 'targets' = 'labels'): BatchBuffers {
  const at = `(batch of ${size})`;
  const make = (label: string, shape: number[], dtype: 'f32' | 'u32' = 'f32') => scope.array(label, modelShape(models, shape), undefined, dtype);
  const x = make(`mlp batch X ${at}`, [size, layers[0].spec.inputs]);
  const y = target === 'labels' ? make(`mlp batch labels ${at}`, [size, 1], 'u32') : make(`mlp batch targets ${at}`, [size, 1]);
  const activations = layers.map((layer, l) => make(`mlp layer ${l + 1} output ${at}`, [size, layer.spec.units]));
  const dLogits = make(`mlp dLogits ${at}`, [size, layers[layers.length - 1].spec.units]);
  const dx = layers.map((layer, l) => (l > lowestTrainable ? make(`mlp layer ${l + 1} dX ${at}`, [size, layer.spec.inputs]) : undefined));
  return { x, y, activations, dLogits, dx };
}

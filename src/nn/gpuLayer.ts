// One dense layer's parameters on the GPU.
import type { GpuArray } from '../gpu/gpuArray.js';
import type { DenseSpec } from './mlpSpec.js';

export interface GpuLayer {
  readonly spec: DenseSpec;
  /** [inputs, units] */
  readonly w: GpuArray;
  /** [units] */
  readonly b: GpuArray;
}

// One dense layer's parameters on the GPU: one model's, or M models' of one shape (leading [M]).
import type { GpuArray } from '../gpu/gpuArray.js';
import type { DenseSpec } from './mlpSpec.js';

export interface GpuLayer {
  readonly spec: DenseSpec;
  /** [inputs, units], or [M, inputs, units] */
  readonly w: GpuArray;
  /** [units], or [M, units] */
  readonly b: GpuArray;
}

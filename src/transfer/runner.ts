// One way of running the experiment's two contenders; tfjsRunner takes any LayersModel, customRunner runs
// dense-only models on stacklab's own kernels.
import type { CachingTiming } from './cachingTiming.js';

export interface RunOutcome {
  /** Held-out accuracy. */
  accuracy: number;
  frozenNames: string[];
  /** Variables of still-frozen layers whose bytes changed during the run (should be none). */
  changed: string[];
}

export interface Runner {
  readonly impl: 'tfjs' | 'custom';
  readonly cutLayer: string;
  /** The frozen base's features were computed once for the dataset and every head trained on them. */
  readonly featuresCached: boolean;
  /** Pretrained base + new head trained on these dataset rows. */
  transfer(rows: Uint32Array, seed: number): Promise<RunOutcome>;
  /** The same network, fresh weights, trained on the same rows. Returns held-out accuracy. */
  scratch(rows: Uint32Array, seed: number): Promise<number>;
  /** Head training on cached features against through the frozen base, on these rows; null without a cache. */
  cachingTiming(rows: Uint32Array, epochs: number): Promise<CachingTiming | null>;
  dispose(): void;
}

export interface TrainSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  fineTune?: { layers: number; epochs: number; learningRate: number };
}

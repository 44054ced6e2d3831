// One way of learning the target classes from a few labels; the experiment runs every chosen method on the same
// draws of labelled rows and scores each on the same test rows.
import type { MicroBatchChoice } from '../microBatch.js';
import type { SampleCount } from '../samples.js';

/**
 * The transfer methods: `scratch` (the architecture up to the cut, fresh weights and a new head), `frozen` (a linear
 * head on the frozen base's features), `finetune` (that head, then the top layers of the base trained again at a low
 * learning rate) and `pixels` (logistic regression on the raw inputs: the floor to beat).
 */
export const methodNames = ['scratch', 'frozen', 'finetune', 'pixels'] as const;
/** One of methodNames. */
export type MethodName = (typeof methodNames)[number];

/** The labelled rows of one run: `samplesPerClass` rows of each class of the training pool, chosen by `seed`. */
export interface Draw {
  samplesPerClass: SampleCount;
  seed: number;
  /** Row indices into the training dataset. */
  rows: Uint32Array;
}

/** What one method achieved on one draw. */
export interface MethodOutcome {
  /** On the experiment's test rows. */
  accuracy: number;
  /** Weighted layers of the pretrained base that stayed frozen in this run (0 for scratch and pixels). */
  frozenLayers: number;
  /** Variables of those layers whose bytes changed (BatchNorm moving statistics included); empty when frozen means frozen. */
  changedWeights: string[];
  /** Optimizer steps (Adam) or iterations (L-BFGS) the training took. */
  steps: number;
  /** How the network training's micro-batch was chosen (scratch, finetune); null for the linear methods. */
  microBatch: MicroBatchChoice | null;
}

/** One way of learning the target classes from a draw of labelled rows. */
export interface TransferMethod {
  readonly name: MethodName;
  run(draw: Draw): Promise<MethodOutcome>;
}

// The pretrained base, cut and frozen, and its features computed ONCE per experiment: for every training row any
// draw uses and for the test rows. Heads then train on these; the base is never run again for them.
import { tf } from '../gpu/tfjsBackend.js';
import type { Matrix } from '../ensemble/learner.js';
import { takeRows } from '../ensemble/learner.js';
import { predictInBatches } from './batches.js';
import { cutBase } from './cut.js';
import { compareFingerprints, fingerprintLayers } from './fingerprint.js';
import { freezeLayers } from './freeze.js';
import { fitLinearHead } from './linearHead.js';
import type { SoftmaxRegression } from '../ensemble/softmaxRegression.js';
import type { Draw } from './methods/method.js';
import { modelFromArtifacts } from './modelArtifacts.js';
import { rowInputs } from './modelInput.js';
import type { TransferSetup } from './setup.js';

export class FeatureCache {
  private readonly heads = new WeakMap<Draw, SoftmaxRegression>();

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly frozen: tf.layers.Layer[],
    /** Variables of the frozen base whose bytes differ after extraction from before it (none, unless inference changed them); the base never runs again. */
    readonly changedWeights: readonly string[],
    readonly cutLayer: string,
    private readonly position: Map<number, number>,
    private readonly trainFeatures: Matrix,
    readonly test: Matrix,
    readonly ms: number,
  ) {}

  /** Runs the frozen base over `trainRows` (training dataset indices) and every test row, in batches. */
  static async build(setup: TransferSetup, trainRows: Uint32Array): Promise<FeatureCache> {
    const started = performance.now();
    const { batchSize, progress, input } = setup.options;
    const preparing = progress('base: load, cut and freeze, fingerprint', 3);
    const model = await modelFromArtifacts(setup.artifacts);
    preparing.update(1);
    const { base, cutLayer } = cutBase(model, setup.options.cut);
    const frozen = freezeLayers(base, 'all');
    preparing.update(2);
    const before = await fingerprintLayers(frozen);
    preparing.update(3);
    preparing.end();
    const train = await predictInBatches(base, rowInputs(base, setup.data.train, input), trainRows, batchSize, progress, `features: ${trainRows.length} training rows`);
    const test = await predictInBatches(base, rowInputs(base, setup.data.test, input), setup.testRows(), batchSize, progress, `features: ${setup.data.test.rows} test rows`);
    const changed = compareFingerprints(before, await fingerprintLayers(frozen)).changed;
    const position = new Map(Array.from(trainRows, (row, i) => [row, i]));
    return new FeatureCache(model, frozen, changed, cutLayer, position, train, test, performance.now() - started);
  }

  get featureCount(): number {
    return this.test.cols;
  }

  get frozenLayers(): number {
    return this.frozen.length;
  }

  /**
   * The converged linear head on this draw's cached features: `frozen` scores it and `finetune` starts from it, so
   * it is fitted once per draw.
   */
  linearHead(draw: Draw, setup: TransferSetup): SoftmaxRegression {
    let head = this.heads.get(draw);
    if (!head) {
      head = fitLinearHead(this.train(draw.rows), setup.trainLabels(draw.rows), setup.classes, setup.options.training.headC);
      this.heads.set(draw, head);
    }
    return head;
  }

  /** Features of these training rows (each must have been cached). */
  train(rows: ArrayLike<number>): Matrix {
    return takeRows(this.trainFeatures, Array.from(rows, (row) => this.position.get(row)!));
  }

  dispose(): void {
    this.model.dispose();
  }
}

// `frozen`: the pretrained base frozen, its cached features, a new linear head trained on them to convergence.
import { linearHeadAccuracy } from '../linearHead.js';
import type { FeatureCache } from '../featureCache.js';
import type { TransferSetup } from '../setup.js';
import type { Draw, MethodOutcome, TransferMethod } from './method.js';

export class FrozenMethod implements TransferMethod {
  readonly name = 'frozen';

  constructor(
    private readonly setup: TransferSetup,
    private readonly features: FeatureCache,
  ) {}

  async run(draw: Draw): Promise<MethodOutcome> {
    const { setup, features } = this;
    const head = features.linearHead(draw, setup);
    return {
      accuracy: linearHeadAccuracy(head, features.test, setup.data.test.labels),
      frozenLayers: features.frozenLayers,
      changedWeights: [...features.changedWeights],
      steps: head.iterations,
      microBatch: null,
    };
  }
}

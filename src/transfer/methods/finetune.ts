// `finetune`: a copy of the pretrained base, frozen, with the converged linear head of `frozen` (fitted on the
// cached features); then the top K weighted layers of the base train again with the head at a low learning rate,
// the base in inference mode (BatchNorm keeps its source statistics). Everything below K must stay bit-identical.
import { cutBase } from '../cut.js';
import type { FeatureCache } from '../featureCache.js';
import { compareFingerprints, fingerprintLayers } from '../fingerprint.js';
import { freezeLayers, unfreezeTop } from '../freeze.js';
import { featureShape, newHead, stackHead } from '../head.js';
import { loadHeadWeights } from '../linearHead.js';
import { modelFromArtifacts } from '../modelArtifacts.js';
import type { TransferSetup } from '../setup.js';
import type { Draw, MethodOutcome, TransferMethod } from './method.js';
import { trainNetwork } from './trainNetwork.js';

export class FineTuneMethod implements TransferMethod {
  readonly name = 'finetune';

  constructor(
    private readonly setup: TransferSetup,
    private readonly features: FeatureCache,
  ) {}

  async run(draw: Draw): Promise<MethodOutcome> {
    const { setup, features } = this;
    const { fineTuneLayers, fineTuneLearningRate } = setup.options.training;
    const model = await modelFromArtifacts(setup.artifacts);
    const { base } = cutBase(model, setup.options.cut);
    const head = newHead(featureShape(base), setup.classes, draw.seed);
    try {
      loadHeadWeights(head, features.linearHead(draw, setup));
      const stillFrozen = unfreezeTop(freezeLayers(base, 'all'), fineTuneLayers);
      const before = await fingerprintLayers(stillFrozen);
      const full = stackHead(base, head);
      const fit = await trainNetwork(setup, full, draw, {
        learningRate: fineTuneLearningRate,
        training: false,
        label: 'finetune',
        option: '--fine-tune-layers',
        leaveOut: 'Unfreeze fewer layers (a smaller --fine-tune-layers)',
      });
      const changedWeights = compareFingerprints(before, await fingerprintLayers(stillFrozen)).changed;
      return { accuracy: await setup.score(full, `finetune: scoring ${setup.data.test.rows} test rows`), frozenLayers: stillFrozen.length, changedWeights, steps: fit.steps, microBatch: fit.microBatch };
    } finally {
      model.dispose();
      head.dispose();
    }
  }
}

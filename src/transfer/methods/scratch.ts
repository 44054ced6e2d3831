// `scratch`: the pretrained model's architecture up to the cut, with fresh seeded weights and a new head, trained
// on the drawn rows with the step budget and stopping rule fine-tuning gets.
import { cutBase } from '../cut.js';
import { featureShape, newHead, stackHead } from '../head.js';
import { freshModel } from '../scratch.js';
import type { TransferSetup } from '../setup.js';
import type { Draw, MethodOutcome, TransferMethod } from './method.js';
import { trainNetwork } from './trainNetwork.js';

export class ScratchMethod implements TransferMethod {
  readonly name = 'scratch';

  constructor(private readonly setup: TransferSetup) {}

  async run(draw: Draw): Promise<MethodOutcome> {
    const { setup } = this;
    const model = await freshModel(setup.artifacts.modelTopology as object, draw.seed);
    const { base } = cutBase(model, setup.options.cut);
    const head = newHead(featureShape(base), setup.classes, draw.seed);
    const full = stackHead(base, head);
    try {
      const fit = await trainNetwork(setup, full, draw, {
        learningRate: setup.options.training.learningRate,
        training: true,
        label: 'scratch',
        option: '--methods',
        leaveOut: 'Leave scratch out of --methods',
      });
      return { accuracy: await setup.score(full, `scratch: scoring ${setup.data.test.rows} test rows`), frozenLayers: 0, changedWeights: [], steps: fit.steps, microBatch: fit.microBatch };
    } finally {
      model.dispose();
      head.dispose();
    }
  }
}

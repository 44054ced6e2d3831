// `pixels`: no network at all, multinomial logistic regression on the raw inputs (scaled like the model's): the
// floor any learned representation has to beat.
import type { Matrix } from '../../ensemble/learner.js';
import { takeRows } from '../../ensemble/learner.js';
import { fitLinearHead, linearHeadAccuracy } from '../linearHead.js';
import type { TransferSetup } from '../setup.js';
import type { Draw, MethodOutcome, TransferMethod } from './method.js';

function scaled(x: Matrix, divisor: number): Matrix {
  return { ...x, features: x.features.map((v) => v / divisor) };
}

export class PixelsMethod implements TransferMethod {
  readonly name = 'pixels';
  private readonly test: Matrix;
  private readonly divisor: number;

  constructor(private readonly setup: TransferSetup) {
    this.divisor = setup.options.input.scale ?? 1;
    this.test = scaled(setup.data.test, this.divisor);
  }

  async run(draw: Draw): Promise<MethodOutcome> {
    const { setup } = this;
    const x = scaled(takeRows(setup.data.train, draw.rows), this.divisor);
    const model = fitLinearHead(x, setup.trainLabels(draw.rows), setup.classes, setup.options.training.pixelsC);
    return { accuracy: linearHeadAccuracy(model, this.test, setup.data.test.labels), frozenLayers: 0, changedWeights: [], steps: model.iterations, microBatch: null };
  }
}

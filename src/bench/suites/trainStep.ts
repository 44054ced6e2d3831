// train-step: one full MLP training step (gather, forward, loss, backward, Adam per layer) on the custom kernels
// against tfjs model.trainOnBatch on the same model, initial weights and batch. The custom step's dispatches
// are timed one by one, so a --trace of this suite is the profile of a training step.
import { randomFloats, seededRandom } from '../../data/random.js';
import { initialWeights } from '../../nn/init.js';
import { Mlp } from '../../nn/mlp.js';
import { defaultTrainOptions } from '../../nn/trainOptions.js';
import type { TrainingPlan } from '../../nn/trainingPlan.js';
import { customImpl } from '../customImpl.js';
import { caseSeed } from '../inputs.js';
import type { CaseSpec, Suite } from '../suite.js';
import { withStacklabKernels } from '../tfjsDropInImpl.js';
import { flattenWeights, mlpOfCase, mlpShapeMeaning, mlpShapeRecords, tfjsTrainOnBatchImpl } from './mlpCases.js';

const shapes = {
  quick: [[32, 64, 64, 10]],
  full: [[32, 64, 64, 10], [256, 784, 128, 10], [1024, 784, 256, 128, 10], [8192, 64, 64, 10]],
};
const learningRate = defaultTrainOptions.learningRate;

export const trainStepSuite: Suite = {
  name: 'train-step',
  metric: 'gflops',
  shapeMeaning: mlpShapeMeaning,
  defaultShapes: (sweep) => shapes[sweep],
  cases(list) {
    return mlpShapeRecords('train-step', list).map((shape, i) => ({ suite: 'train-step', name: list[i].join('x'), shape }));
  },
  async prepare(engine, spec: CaseSpec) {
    const { batch, inputs, classes, model } = mlpOfCase(spec);
    const seed = caseSeed(spec.name);
    const random = seededRandom(seed);
    const features = randomFloats(batch * inputs, random);
    const labels = Uint32Array.from({ length: batch }, () => random.int(classes));
    const weights = initialWeights(model, seed);
    const mlp = new Mlp(engine, model, { weights });
    let plan: TrainingPlan | undefined;
    const custom = await customImpl(
      engine,
      'custom',
      async () => {
        plan = await mlp.trainingPlan({ features, labels, rows: batch, cols: inputs }, batch, learningRate);
        plan.setOrder(Uint32Array.from({ length: batch }, (_, i) => i));
        return plan.stepCallsFor(0);
      },
      async () => flattenWeights(await mlp.getWeights()),
    );
    const tfjsStep = () => tfjsTrainOnBatchImpl('tfjs', model, [{ weights, features, labels }]);
    const sizes = model.layers.reduce((n, l) => n + l.inputs * l.units, 0);
    return {
      impls: [custom, engine.settings.tfjsKernels === 'stacklab' ? await withStacklabKernels(engine, tfjsStep) : tfjsStep()],
      // Adam's first step moves every weight by lr·g/(|g| + ε), at most lr, whatever the gradient's size: from
      // the same weights two correct steps differ by less than 2·lr. This catches divergence (NaN, a layer not
      // updated the right way round), not small gradient errors: dense-backward and the nn tests check those.
      tolerance: 2 * learningRate,
      toleranceRule: `2·lr (Adam's first-step bound), lr = ${learningRate}`,
      // Forward, dW and dX products (the first layer needs no dX); loss, bias and Adam work are left out.
      work: { flops: 6 * batch * sizes - 2 * batch * model.layers[0].inputs * model.layers[0].units, bytes: 0 },
      dispose() {
        plan?.dispose();
        mlp.dispose();
      },
    };
  },
};

// train-step: one full MLP training step (gather, forward, loss, backward, Adam per layer) on the custom kernels
// against tfjs model.trainOnBatch on the same model, initial weights and batch. The custom step's dispatches
// are timed one by one, so a --trace of this suite is the profile of a training step.
import { ArgumentError } from '../../src/gpu/errors.js';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import type { Engine } from '../../src/gpu/engine.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { initialWeights } from '../../src/nn/init.js';
import { Mlp } from '../../src/nn/mlp.js';
import { mlpSpec, type LayerWeights, type MlpSpec } from '../../src/nn/mlpSpec.js';
import { buildTfjsMlp, compileTfjsMlp } from '../../src/nn/tfjsMlp.js';
import { defaultTrainOptions } from '../../src/nn/trainOptions.js';
import type { TrainingPlan } from '../../src/nn/trainingPlan.js';
import { oneHot } from '../../src/transfer/modelInput.js';
import { concat, customImpl } from '../customImpl.js';
import type { Impl } from '../impl.js';
import { caseSeed } from '../inputs.js';
import type { CaseSpec, Suite } from '../suite.js';
import { submitTfjsWork } from '../tfjsImpl.js';

const meaning = 'BxIxH…xC: batch B, inputs I, hidden layers H…, classes C (ReLU hidden layers)';
const shapes = {
  quick: [[32, 64, 64, 10]],
  full: [[32, 64, 64, 10], [256, 784, 128, 10], [1024, 784, 256, 128, 10], [8192, 64, 64, 10]],
};
const learningRate = defaultTrainOptions.learningRate;

function flatten(weights: readonly LayerWeights[]): Float32Array {
  return concat(weights.flatMap((layer) => [layer.w, layer.b]));
}

/** tfjs's fit reads each batch's loss back; trainOnBatch, timed here, does the same. */
function trainOnBatchImpl(engine: Engine, spec: MlpSpec, weights: readonly LayerWeights[], features: Float32Array, labels: Uint32Array): Impl {
  const [batch, inputs] = [labels.length, spec.layers[0].inputs];
  const classes = spec.layers[spec.layers.length - 1].units;
  const model = buildTfjsMlp(spec, weights);
  compileTfjsMlp(model, learningRate);
  const xs = tf.tensor2d(features, [batch, inputs]);
  const ys = oneHot(labels, classes);
  return {
    name: 'tfjs',
    compileMs: null,
    async enqueue() {
      await model.trainOnBatch(xs, ys);
    },
    flush: submitTfjsWork,
    async gpuTimes() {
      return { unavailable: 'trainOnBatch is asynchronous and tf.time only sees the synchronous part of its argument' };
    },
    async outputs() {
      return concat(await Promise.all(model.getWeights().map(async (t) => Float32Array.from(await t.data()))));
    },
    dispose() {
      model.optimizer?.dispose();
      model.dispose();
      tf.dispose([xs, ys]);
    },
  };
}

export const trainStepSuite: Suite = {
  name: 'train-step',
  metric: 'gflops',
  shapeMeaning: meaning,
  defaultShapes: (sweep) => shapes[sweep],
  cases(list) {
    for (const shape of list) if (shape.length < 3) throw new ArgumentError(`train-step: shape ${shape.join('x')} needs at least 3 numbers (${meaning})`);
    return list.map((shape) => ({ suite: 'train-step', name: shape.join('x'), shape: Object.fromEntries(shape.map((n, i) => [i === 0 ? 'batch' : `layer${i}`, n])) }));
  },
  async prepare(engine, spec: CaseSpec) {
    const [batch, inputs, ...rest] = Object.values(spec.shape);
    const classes = rest[rest.length - 1];
    const model = mlpSpec(inputs, rest.slice(0, -1), classes);
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
      async () => flatten(await mlp.getWeights()),
    );
    const sizes = model.layers.reduce((n, l) => n + l.inputs * l.units, 0);
    return {
      impls: [custom, trainOnBatchImpl(engine, model, weights, features, labels)],
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

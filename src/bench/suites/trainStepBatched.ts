// train-step-batched: one training step of M MLPs of one architecture (MlpBatch: the model axis of the kernels,
// one dispatch grid for all M) against the same models trained in turn with tfjs model.trainOnBatch. Reported in
// models × steps per second: on a GPU a small MLP's step is bound by dispatches, so M models in the same
// dispatches cost little more than one; on a CPU adapter (SwiftShader) the arithmetic is the bound.
import { permutation, randomFloats, seededRandom } from '../../data/random.js';
import type { Engine } from '../../gpu/engine.js';
import { initialWeights } from '../../nn/init.js';
import { MlpBatch } from '../../nn/mlpBatch.js';
import type { MlpSpec } from '../../nn/mlpSpec.js';
import { defaultTrainOptions } from '../../nn/trainOptions.js';
import type { TrainingPlan } from '../../nn/trainingPlan.js';
import { selectRows, type Dataset } from '../../data/dataset.js';
import { concat } from '../../data/concat.js';
import { customImpl } from '../customImpl.js';
import { caseSeed } from '../inputs.js';
import type { CaseSpec, Suite } from '../suite.js';
import { flattenWeights, mlpOfCase, mlpShapeRecords, tfjsTrainOnBatchImpl } from './mlpCases.js';

const meaning = 'MxBxIxH…xC: M models, batch B, inputs I, hidden layers H…, classes C (ReLU hidden layers)';
const shapes = {
  quick: [[1, 32, 64, 64, 10], [8, 32, 64, 64, 10], [64, 32, 64, 64, 10]],
  full: [[1, 32, 64, 64, 10], [8, 32, 64, 64, 10], [64, 32, 64, 64, 10], [1, 256, 784, 128, 10], [8, 256, 784, 128, 10], [64, 256, 784, 128, 10]],
};
/** On a fallback (CPU) adapter tfjs steps at most this many models in turn (its rate is per its own count): 64 in turn take minutes there. */
const fallbackTfjsModels = 8;
const learningRate = defaultTrainOptions.learningRate;

function caseData(spec: CaseSpec): { models: number; batch: number; model: MlpSpec; data: Dataset; rows: Uint32Array[]; seed: number } {
  const { models, ...mlpShape } = spec.shape;
  const { batch, inputs, classes, model } = mlpOfCase({ shape: mlpShape });
  const seed = caseSeed(spec.name);
  const random = seededRandom(seed);
  // Twice the rows a batch takes: each model steps on its own batch of them.
  const features = randomFloats(2 * batch * inputs, random);
  const labels = Uint32Array.from({ length: 2 * batch }, () => random.int(classes));
  const data = { features, labels, rows: 2 * batch, cols: inputs, featureNames: [], classNames: [], source: `train-step-batched ${spec.name}` };
  const rows = Array.from({ length: models }, () => permutation(2 * batch, random).slice(0, batch));
  return { models, batch, model, data, rows, seed };
}

async function prepareCase(engine: Engine, spec: CaseSpec) {
  const { models, batch, model, data, rows, seed } = caseData(spec);
  const members = rows.map((trainRows, m) => ({ seed: seed + m, learningRate, trainRows }));
  const mlps = new MlpBatch(engine, model, members);
  const compared = engine.facts.isFallbackAdapter ? Math.min(models, fallbackTfjsModels) : models;
  let plan: TrainingPlan | undefined;
  const custom = await customImpl(
    engine,
    'custom',
    async () => {
      plan = await mlps.trainingPlan(data, batch);
      plan.setOrders(rows);
      return plan.stepCallsFor(0);
    },
    async () => concat(await Promise.all(Array.from({ length: compared }, async (_, m) => flattenWeights(await mlps.weights(m))))),
  );
  // The same models, each on its own rows, from the same initial weights.
  const trainees = members.slice(0, compared).map((member) => ({ weights: initialWeights(model, member.seed), ...selectRows(data, member.trainRows) }));
  return {
    impls: [custom, tfjsTrainOnBatchImpl(`tfjs (${compared} models in turn)`, model, trainees, compared)],
    // As train-step: one Adam step from the same weights moves each weight by at most lr (the first `compared` models are checked).
    tolerance: 2 * learningRate,
    toleranceRule: `2·lr (Adam's first-step bound), lr = ${learningRate}, over the first ${compared} models`,
    work: { flops: 0, bytes: 0, modelSteps: models },
    dispose() {
      plan?.dispose();
      mlps.dispose();
    },
  };
}

export const trainStepBatchedSuite: Suite = {
  name: 'train-step-batched',
  metric: 'modelSteps',
  shapeMeaning: meaning,
  defaultShapes: (sweep) => shapes[sweep],
  cases(list) {
    return mlpShapeRecords('train-step-batched', list, ['models'], meaning).map((shape, i) => ({ suite: 'train-step-batched', name: list[i].join('x'), shape }));
  },
  prepare: prepareCase,
};

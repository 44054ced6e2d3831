// The cases of suites that time a whole MLP (train-step, train-step-batched, tfjs-model): shapes BxIxH…xC, the
// model they describe, and tfjs's side of a training step.
import { concat } from '../../data/concat.js';
import { ArgumentError } from '../../errors.js';
import { tf } from '../../gpu/tfjsBackend.js';
import { mlpSpec, type LayerWeights, type MlpSpec } from '../../nn/mlpSpec.js';
import { oneHot } from '../../nn/oneHot.js';
import { buildTfjsMlp, compileTfjsMlp } from '../../nn/tfjsMlp.js';
import { defaultTrainOptions } from '../../nn/trainOptions.js';
import type { Impl } from '../impl.js';
import type { CaseSpec } from '../suite.js';
import { submitTfjsWork } from '../tfjsImpl.js';

export const mlpShapeMeaning = 'BxIxH…xC: batch B, inputs I, hidden layers H…, classes C (ReLU hidden layers)';

/**
 * Each shape as a case's shape record ({ batch, layer1, … }), after checking it describes an MLP; `leading` names
 * numbers in front of the MLP's own (train-step-batched's `models`), described in `meaning`.
 */
export function mlpShapeRecords(suite: string, list: number[][], leading: readonly string[] = [], meaning = mlpShapeMeaning): Record<string, number>[] {
  const least = leading.length + 3;
  for (const shape of list) if (shape.length < least) throw new ArgumentError(`${suite}: shape ${shape.join('x')} needs at least ${least} numbers (${meaning})`);
  const names = (i: number) => (i < leading.length ? leading[i] : i === leading.length ? 'batch' : `layer${i - leading.length}`);
  return list.map((shape) => Object.fromEntries(shape.map((n, i) => [names(i), n])));
}

/** The MLP of a case whose shape record mlpShapeRecords made, leading numbers (if any) set aside by the caller. */
export function mlpOfCase(spec: Pick<CaseSpec, 'shape'>): { batch: number; inputs: number; classes: number; model: MlpSpec } {
  const [batch, inputs, ...rest] = Object.values(spec.shape);
  const classes = rest[rest.length - 1];
  return { batch, inputs, classes, model: mlpSpec(inputs, rest.slice(0, -1), classes) };
}

/** Weights and biases of every layer, in tfjs's getWeights() order: what a training step's outputs are compared by. */
export function flattenWeights(weights: readonly LayerWeights[]): Float32Array {
  return concat(weights.flatMap((layer) => [layer.w, layer.b]));
}

/** One tfjs model of `spec` from `weights`, and the one batch it trains on. */
export interface TfjsTrainee {
  weights: readonly LayerWeights[];
  features: Float32Array;
  labels: Uint32Array;
}

/**
 * tfjs's training step: trainOnBatch of each model in turn (tfjs's fit reads each batch's loss back, and
 * trainOnBatch does the same). `modelSteps` when the case counts more models than these.
 */
export function tfjsTrainOnBatchImpl(name: string, spec: MlpSpec, trainees: readonly TfjsTrainee[], modelSteps?: number): Impl {
  const classes = spec.layers[spec.layers.length - 1].units;
  const models = trainees.map(({ weights, features, labels }) => {
    const model = buildTfjsMlp(spec, weights);
    compileTfjsMlp(model, defaultTrainOptions.learningRate);
    return { model, xs: tf.tensor2d(features, [labels.length, spec.layers[0].inputs]), ys: oneHot(labels, classes) };
  });
  return {
    name,
    compileMs: null,
    ...(modelSteps === undefined ? {} : { modelSteps }),
    async enqueue() {
      for (const { model, xs, ys } of models) await model.trainOnBatch(xs, ys);
    },
    flush: submitTfjsWork,
    async gpuTimes() {
      return { unavailable: 'trainOnBatch is asynchronous and tf.time only sees the synchronous part of its argument' };
    },
    async outputs() {
      return concat(await Promise.all(models.flatMap(({ model }) => model.getWeights().map(async (t) => Float32Array.from(await t.data())))));
    },
    dispose() {
      for (const { model, xs, ys } of models) {
        model.optimizer?.dispose();
        model.dispose();
        tf.dispose([xs, ys]);
      }
    },
  };
}

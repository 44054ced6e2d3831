// The MLP on the custom kernels: dense layers on the GPU, GPU-resident training (TrainingPlan), prediction.
import { argmaxRows } from '../data/metrics.js';
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../errors.js';
import { readArray, writeArray, type GpuArray } from '../gpu/gpuArray.js';
import { GpuScope, withScope } from '../gpu/gpuScope.js';
import { run } from '../gpu/recorder.js';
import { prepareDenseForward } from '../kernels/dense.js';
import { prepareSoftmax, type RegressionLoss } from '../kernels/loss.js';
import type { GpuLayer } from './gpuLayer.js';
import { initialWeights } from './init.js';
import { checkWeights, type LayerWeights, type MlpSpec } from './mlpSpec.js';
import { defaultTrainOptions, type TrainHistory, type TrainOptions } from './trainOptions.js';
import { streamWindowBytes, TrainingPlan, type TrainingRows } from './trainingPlan.js';
import { balancedEpochOrder } from './epochOrder.js';

/**
 * A multi-layer perceptron on stacklab's kernels: weights on the GPU, training (Adam, softmax cross-entropy) as
 * one submit per epoch, prediction by dense forward passes and a softmax. Owns its weights and any training plan
 * made from it: dispose() frees all of them. Throws ArgumentError for weights or rows of the wrong size.
 */
export class Mlp {
  private readonly scope: GpuScope;
  private readonly layers: GpuLayer[];
  private readonly frozen: boolean[];

  /** Starts from `weights` when given, else from seeded He/Glorot initial weights. */
  constructor(
    private readonly engine: Engine,
    readonly spec: MlpSpec,
    options: { seed?: number; weights?: readonly LayerWeights[] } = {},
  ) {
    const weights = options.weights ?? initialWeights(spec, options.seed ?? 0);
    checkWeights(spec, weights);
    this.scope = new GpuScope(engine, 'mlp');
    this.layers = spec.layers.map((layer, l) => ({
      spec: layer,
      w: this.scope.array(`mlp layer ${l + 1} W`, [layer.inputs, layer.units], weights[l].w),
      b: this.scope.array(`mlp layer ${l + 1} b`, [layer.units], weights[l].b),
    }));
    this.frozen = spec.layers.map(() => false);
  }

  /** Features per row (the first layer's inputs). */
  get inputs(): number {
    return this.spec.layers[0].inputs;
  }

  /** Outputs per row (the last layer's units). */
  get classes(): number {
    return this.spec.layers[this.spec.layers.length - 1].units;
  }

  /** Frozen layers keep their weights: training computes no dW/db for them (and no gradient below the lowest trainable one). */
  setFrozen(layer: number, frozen: boolean): void {
    if (!(layer >= 0 && layer < this.layers.length)) throw new ArgumentError(`MLP has layers 0..${this.layers.length - 1}, not ${layer}`);
    this.frozen[layer] = frozen;
  }

  /** Freezes the first `count` layers and unfreezes the rest. */
  freeze(count: number): void {
    if (!(Number.isInteger(count) && count >= 0 && count <= this.layers.length)) throw new ArgumentError(`cannot freeze ${count} of ${this.layers.length} layers`);
    this.frozen.forEach((_, l) => (this.frozen[l] = l < count));
  }

  /** Per layer, whether it is frozen (a copy). */
  get frozenLayers(): readonly boolean[] {
    return [...this.frozen];
  }

  /** Adam on mini-batches in epochOrder(seed, epoch); one GPU submit and one loss read-back per epoch. */
  async fit(data: TrainingRows, options: Partial<TrainOptions> = {}): Promise<TrainHistory> {
    const settings = { ...defaultTrainOptions, ...options };
    const preparing = performance.now();
    if (settings.loss && settings.classWeight === 'balanced') throw new ArgumentError('class weights apply to classification; a regression loss has no classes to balance');
    const plan = await TrainingPlan.create(this.scope.child('training plan'), this.layers, this.frozen, data, settings.batchSize, {
      rows: [data.rows],
      rates: [{ lr: settings.learningRate, weightDecay: 0 }],
      loss: settings.loss,
      windowRows: settings.windowRows,
    });
    const history: TrainHistory = { loss: [], epochMs: [], setupMs: performance.now() - preparing };
    try {
      for (let epoch = 0; epoch < settings.epochs; epoch++) {
        const started = performance.now();
        const loss =
          settings.classWeight === 'balanced'
            ? (await plan.runModelsEpoch([balancedEpochOrder(data.labels, settings.seed, epoch)], `mlp epoch ${epoch + 1} (balanced)`))[0]
            : await plan.runEpoch(settings.seed, epoch);
        const ms = performance.now() - started;
        history.loss.push(loss);
        history.epochMs.push(ms);
        settings.onEpoch?.(epoch, loss, ms);
      }
    } finally {
      plan.dispose();
    }
    return history;
  }

  /**
   * The prepared calls of training on `data` (pipelines, bind groups, buffers made here, once): plan.stepCallsFor(b)
   * is one step (gather, forward, loss, backward, Adam; labelled per layer) for the bench harness to time; dispose()
   * the plan after (the MLP's dispose() frees it too). Adam's moments start at zero per plan.
   */
  trainingPlan(data: TrainingRows, batchSize = defaultTrainOptions.batchSize, learningRate = defaultTrainOptions.learningRate, loss?: RegressionLoss): Promise<TrainingPlan> {
    return TrainingPlan.create(this.scope.child('training plan'), this.layers, this.frozen, data, batchSize, { rows: [data.rows], rates: [{ lr: learningRate, weightDecay: 0 }], loss });
  }

  /** The last layer's outputs [rows, outputs] for x [rows, inputs] (no softmax: a regression MLP's predictions), as a new array the caller owns. */
  async outputsArray(x: GpuArray): Promise<GpuArray> {
    return withScope(this.engine, 'mlp outputs', async (scope) => {
      const activations = await this.forward(scope, x);
      return scope.release(activations[activations.length - 1]);
    });
  }

  /** The last layer's outputs, row-major [rows × outputs], for features row-major [rows × inputs]. */
  async predictOutputs(features: Float32Array): Promise<Float32Array> {
    return this.byRowParts(features, 'mlp outputs', (x) => this.outputsArray(x));
  }

  /**
   * `rowsOut` of every row of `features`, computed part by part: each part's input and widest layer output stay
   * within streamWindowBytes (and the device's binding limit), so any number of rows can be predicted.
   */
  private async byRowParts(features: Float32Array, label: string, rowsOut: (x: GpuArray) => Promise<GpuArray>): Promise<Float32Array> {
    if (features.length % this.inputs !== 0) throw new ArgumentError(`${features.length} feature values are not whole rows of ${this.inputs}`);
    const rows = features.length / this.inputs;
    const widest = Math.max(this.inputs, ...this.spec.layers.map((layer) => layer.units));
    const partRows = Math.max(1, Math.floor(Math.min(streamWindowBytes, this.engine.device.limits.maxStorageBufferBindingSize) / (4 * widest)));
    const out = new Float32Array(rows * this.classes);
    for (let start = 0; start < rows || start === 0; start += partRows) {
      const end = Math.min(rows, start + partRows);
      const part = await withScope(this.engine, label, async (scope) => {
        const x = scope.array('mlp predict X', [end - start, this.inputs], features.subarray(start * this.inputs, end * this.inputs));
        return readArray(this.engine, scope.adopt(await rowsOut(x)));
      });
      out.set(part, start * this.classes);
    }
    return out;
  }

  /** Runs every layer on x in `scope`; returns each layer's output. */
  private async forward(scope: GpuScope, x: GpuArray): Promise<GpuArray[]> {
    const rows = x.shape[0];
    const activations = this.layers.map((layer, l) => scope.array(`mlp predict layer ${l + 1} output`, [rows, layer.spec.units]));
    const calls = [];
    for (const [l, layer] of this.layers.entries()) {
      calls.push(await prepareDenseForward(scope, l === 0 ? x : activations[l - 1], layer.w, layer.b, activations[l], layer.spec.activation));
    }
    await run(this.engine, ...calls);
    return activations;
  }

  /** Class probabilities [rows, classes] for x [rows, inputs], as a new array the caller owns. */
  async predictProbaArray(x: GpuArray): Promise<GpuArray> {
    return withScope(this.engine, 'mlp predict', async (scope) => {
      const activations = await this.forward(scope, x);
      const probs = scope.array('mlp probabilities', [x.shape[0], this.classes]);
      await run(this.engine, await prepareSoftmax(scope, activations[activations.length - 1], probs));
      return scope.release(probs);
    });
  }

  /** Class probabilities, row-major [rows × classes], for features row-major [rows × inputs]. */
  async predictProba(features: Float32Array): Promise<Float32Array> {
    return this.byRowParts(features, 'mlp predict', (x) => this.predictProbaArray(x));
  }

  /** The predicted class of each row of `features` [rows × inputs] (argmax of predictProba). */
  async predict(features: Float32Array): Promise<Uint32Array> {
    return argmaxRows(await this.predictProba(features), this.classes);
  }

  /** Every layer's weights, read back from the GPU: W [inputs, units] and b [units] per layer. */
  async getWeights(): Promise<LayerWeights[]> {
    return Promise.all(this.layers.map(async (layer) => ({ w: await readArray(this.engine, layer.w), b: await readArray(this.engine, layer.b) })));
  }

  /** Overwrites every layer's weights (queued, no wait); ArgumentError unless they fit the spec. */
  setWeights(weights: readonly LayerWeights[]): void {
    checkWeights(this.spec, weights);
    this.layers.forEach((layer, l) => {
      writeArray(this.engine, layer.w, weights[l].w);
      writeArray(this.engine, layer.b, weights[l].b);
    });
  }

  /** Frees the weights and every training plan made from this MLP. */
  dispose(): void {
    this.scope.dispose();
  }
}

// M MLPs of one architecture trained together on the model axis of the kernels: each with its own seed, learning
// rate, weight decay and rows of one uploaded dataset; one submit per epoch for all of them. A model trains
// exactly as `new Mlp(engine, spec, { seed }).fit(its rows, { seed, … })` would (same initial weights, same
// epoch orders), so a batch of k folds or seeds gives the numbers k single fits give.
import { concat } from '../data/concat.js';
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../errors.js';
import { readArray, type GpuArray } from '../gpu/gpuArray.js';
import { GpuScope } from '../gpu/gpuScope.js';
import { Recorder } from '../gpu/recorder.js';
import { BatchValidation } from './batchValidation.js';
import { MemberTracker, type MemberHistory } from './earlyStopping.js';
import { epochOrder } from './epochOrder.js';
import type { GpuLayer } from './gpuLayer.js';
import { initialWeights } from './init.js';
import { Mlp } from './mlp.js';
import type { LayerWeights, MlpSpec } from './mlpSpec.js';
import { defaultTrainOptions } from './trainOptions.js';
import { modelShape } from './trainingBuffers.js';
import { TrainingPlan, type TrainingRows } from './trainingPlan.js';

/** One model of an MlpBatch: its seed, its Adam rates, and its rows of the dataset given to fit. */
export interface MlpBatchMember {
  /** Seeds the initial weights (as Mlp's { seed }) and the epoch orders (as Mlp.fit's { seed }). */
  seed: number;
  /** Adam's learning rate; default defaultTrainOptions.learningRate. */
  learningRate?: number;
  /** Decoupled weight decay (AdamW), default 0. */
  weightDecay?: number;
  /** Row numbers into the dataset given to fit. */
  trainRows: Uint32Array;
  /** Row numbers scored after every epoch (validation loss and accuracy); needed for early stopping. */
  validationRows?: Uint32Array;
}

/** How MlpBatch.fit trains every member; ArgumentError for a non-integer epoch count or patience. */
export interface MlpBatchOptions {
  /** At most this many epochs per model. */
  epochs: number;
  /** Rows per mini-batch. */
  batchSize: number;
  /** Early stopping when set: a model stops after this many epochs without a lower validation loss, and gets its best epoch's weights back. Needs validationRows. */
  patience?: number;
  /** Called after each epoch with every model's mean training loss (NaN for a model that has stopped). */
  onEpoch?: (epoch: number, loss: Float64Array /* per model; NaN once stopped */) => void;
}

/**
 * M MLPs of one architecture trained together on the kernels' model axis, one submit per epoch for all of them;
 * each trains exactly as a single Mlp with its seed would. Owns every model's weights and whatever a fit makes:
 * dispose() frees all of them. ArgumentError for no members, or rows outside the data.
 */
export class MlpBatch {
  private readonly scope: GpuScope;
  private readonly layers: GpuLayer[];
  /** Every model's weights as read back after the last fit: one read per layer serves every weights(m) and predictProba(m). */
  private hostWeights: Promise<LayerWeights[][]> | null = null;
  private stepsOutsideFit = false;

  constructor(private readonly engine: Engine, readonly spec: MlpSpec, private readonly members: readonly MlpBatchMember[]) {
    if (!members.length) throw new ArgumentError('MlpBatch needs at least one member');
    const initial = members.map((member) => initialWeights(spec, member.seed));
    const models = members.length;
    this.scope = new GpuScope(engine, 'mlp batch');
    this.layers = spec.layers.map((layer, l) => ({
      spec: layer,
      w: this.scope.array(`mlp batch layer ${l + 1} W`, modelShape(models, [layer.inputs, layer.units]), concat(initial.map((weights) => weights[l].w))),
      b: this.scope.array(`mlp batch layer ${l + 1} b`, modelShape(models, [layer.units]), concat(initial.map((weights) => weights[l].b))),
    }));
  }

  /** The number of models. */
  get size(): number {
    return this.members.length;
  }

  /**
   * The prepared calls of training every member on its rows of `data` (as fit makes them): after
   * plan.setOrders(…), plan.stepCallsFor(b) is one step of all M models, for the bench harness to time; dispose()
   * the plan after (the batch's dispose() frees it too).
   */
  trainingPlan(data: TrainingRows, batchSize: number): Promise<TrainingPlan> {
    // Steps taken through this plan change the weights behind the batch's back: weights() reads them afresh from now on.
    this.hostWeights = null;
    this.stepsOutsideFit = true;
    return this.plan(data, batchSize);
  }

  private plan(data: TrainingRows, batchSize: number): Promise<TrainingPlan> {
    const rates = this.members.map((m) => ({ lr: m.learningRate ?? defaultTrainOptions.learningRate, weightDecay: m.weightDecay ?? 0 }));
    const rows = this.members.map((m) => m.trainRows.length);
    const frozen = this.layers.map(() => false);
    return TrainingPlan.create(this.scope.child('training plan'), this.layers, frozen, data, batchSize, { rows, rates });
  }

  /** data: every row of the dataset, uploaded once; members index into it. */
  async fit(data: TrainingRows, options: MlpBatchOptions): Promise<MemberHistory[]> {
    this.hostWeights = null;
    this.checkFit(data, options);
    const plan = await this.plan(data, options.batchSize);
    const scope = this.scope.child('fit');
    try {
      const validationRows = this.members.map((m) => m.validationRows);
      const validation = validationRows.some((r) => r?.length) ? await BatchValidation.create(scope, this.layers, plan.features, validationRows, data.labels) : undefined;
      const best = options.patience === undefined ? undefined : new BestWeights(scope, this.layers);
      const trackers = this.members.map(() => new MemberTracker(options.patience));
      let improved: number[] = [];
      for (let epoch = 0; epoch < options.epochs && trackers.some((t) => t.running); epoch++) {
        const orders = this.members.map((m, i) => (trackers[i].running ? rowsInOrder(m.trainRows, epochOrder(m.trainRows.length, m.seed, epoch)) : undefined));
        const keep = improved;
        const losses = await plan.runModelsEpoch(orders, `mlp batch epoch ${epoch + 1}`, { before: (r) => best?.keep(r, keep), after: (r) => validation?.record(r) });
        const scores = await validation?.read();
        improved = [];
        trackers.forEach((t, m) => {
          if (orders[m] && t.record(epoch, losses[m], scores?.loss[m] ?? NaN, scores?.accuracy[m] ?? NaN)) improved.push(m);
        });
        options.onEpoch?.(epoch, losses);
      }
      if (best) await best.finish(improved, this.size);
      return trackers.map((t) => t.history);
    } finally {
      scope.dispose();
      plan.dispose();
    }
  }

  private checkFit(data: TrainingRows, options: MlpBatchOptions): void {
    if (!(Number.isInteger(options.epochs) && options.epochs >= 0)) throw new ArgumentError(`epochs must be a whole number ≥ 0, got ${options.epochs}`);
    if (options.patience !== undefined && !(Number.isInteger(options.patience) && options.patience >= 1)) throw new ArgumentError(`patience must be a positive integer, got ${options.patience}`);
    this.members.forEach((member, m) => {
      for (const [what, rows] of [['trainRows', member.trainRows], ['validationRows', member.validationRows]] as const) {
        const outside = rows?.find((row) => row >= data.rows);
        if (outside !== undefined) throw new ArgumentError(`MlpBatch member ${m}: ${what} has row ${outside}, the data has ${data.rows} rows`);
      }
      if (!member.trainRows.length) throw new ArgumentError(`MlpBatch member ${m}: no trainRows`);
      if (options.patience !== undefined && !member.validationRows?.length) throw new ArgumentError(`MlpBatch member ${m}: early stopping (patience ${options.patience}) needs validationRows`);
    });
  }

  /** Class probabilities of model m for the given feature rows, [rows, classes]. */
  async predictProba(m: number, features: Float32Array, rows: number): Promise<Float32Array> {
    if (features.length !== rows * this.spec.layers[0].inputs) throw new ArgumentError(`${features.length} feature values are not ${rows} rows of ${this.spec.layers[0].inputs}`);
    const mlp = new Mlp(this.engine, this.spec, { weights: await this.weights(m) });
    try {
      return await mlp.predictProba(features);
    } finally {
      mlp.dispose();
    }
  }

  /** Model m's weights, e.g. to build an Mlp for saving. */
  async weights(m: number): Promise<LayerWeights[]> {
    if (!(Number.isInteger(m) && m >= 0 && m < this.size)) throw new ArgumentError(`MlpBatch has models 0..${this.size - 1}, not ${m}`);
    if (this.stepsOutsideFit) return (await this.readAllWeights())[m];
    this.hostWeights ??= this.readAllWeights();
    return (await this.hostWeights)[m];
  }

  private async readAllWeights(): Promise<LayerWeights[][]> {
    const layers = await Promise.all(this.layers.map(({ w, b }) => Promise.all([readArray(this.engine, w), readArray(this.engine, b)])));
    return Array.from({ length: this.size }, (_, m) =>
      layers.map(([weights, bias], l) => {
        const { inputs, units } = this.layers[l].spec;
        return { w: weights.slice(m * inputs * units, (m + 1) * inputs * units), b: bias.slice(m * units, (m + 1) * units) };
      }),
    );
  }

  /** Frees every model's weights and whatever a fit made. */
  dispose(): void {
    this.scope.dispose();
  }
}

/** Each model's best-epoch weights, copied slice by slice on the GPU (in the next epoch's submit). */
class BestWeights {
  private readonly copies: { live: GpuArray; kept: GpuArray; bytes: number }[];

  constructor(private readonly scope: GpuScope, layers: readonly GpuLayer[]) {
    this.copies = layers.flatMap(({ spec, w, b }, l) => [
      { live: w, kept: scope.array(`mlp batch best layer ${l + 1} W`, w.shape), bytes: 4 * spec.inputs * spec.units },
      { live: b, kept: scope.array(`mlp batch best layer ${l + 1} b`, b.shape), bytes: 4 * spec.units },
    ]);
  }

  /** Records copies of the current weights of `models` into the kept ones. */
  keep(recorder: Recorder, models: readonly number[]): void {
    for (const m of models) for (const { live, kept, bytes } of this.copies) recorder.copy(live.buffer, kept.buffer, bytes, m * bytes, m * bytes);
  }

  /** After the last epoch: keeps the last epoch's weights where it was the best, and gives every model its best weights back. */
  async finish(improvedLast: readonly number[], models: number): Promise<void> {
    const recorder = new Recorder(this.scope.engine, 'mlp batch best weights');
    for (let m = 0; m < models; m++) if (!improvedLast.includes(m)) for (const { live, kept, bytes } of this.copies) recorder.copy(kept.buffer, live.buffer, bytes, m * bytes, m * bytes);
    await recorder.submit();
  }
}

function rowsInOrder(rows: Uint32Array, order: Uint32Array): Uint32Array {
  return order.map((i) => rows[i]);
}

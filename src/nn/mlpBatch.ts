// TEMPORARY sequential stand-in for the batched MlpBatch of branch batch-kernels (same API): M single Mlps,
// stepped epoch by epoch in turn, with per-member early stopping on validation rows. Replaced at merge.
import { accuracy, argmaxRows } from '../data/metrics.js';
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../gpu/errors.js';
import { Mlp } from './mlp.js';
import type { LayerWeights, MlpSpec } from './mlpSpec.js';
import { defaultTrainOptions } from './trainOptions.js';
import type { TrainingPlan, TrainingRows } from './trainingPlan.js';

export interface MlpBatchMember { seed: number; learningRate?: number; weightDecay?: number; trainRows: Uint32Array; validationRows?: Uint32Array }
export interface MlpBatchOptions { epochs: number; batchSize: number; patience?: number; onEpoch?: (epoch: number, loss: Float64Array) => void }
export interface MemberHistory { loss: number[]; validationLoss: number[]; validationAccuracy: number[]; bestEpoch: number; stoppedEarly: boolean; epochsRun: number }

function pick(data: TrainingRows, rows: Uint32Array): TrainingRows {
  const features = new Float32Array(rows.length * data.cols);
  const labels = new Uint32Array(rows.length);
  rows.forEach((r, i) => {
    features.set(data.features.subarray(r * data.cols, (r + 1) * data.cols), i * data.cols);
    labels[i] = data.labels[r];
  });
  return { features, labels, rows: rows.length, cols: data.cols };
}

function crossEntropy(probs: Float32Array, labels: Uint32Array, classes: number): number {
  let sum = 0;
  labels.forEach((y, i) => (sum -= Math.log(Math.max(probs[i * classes + y], 1e-7))));
  return sum / labels.length;
}

/** One member's training state: its model, plan, history and best weights so far. */
class MemberRun {
  readonly history: MemberHistory = { loss: [], validationLoss: [], validationAccuracy: [], bestEpoch: -1, stoppedEarly: false, epochsRun: 0 };
  private best: LayerWeights[] | null = null;
  private bestLoss = Infinity;

  constructor(readonly mlp: Mlp, readonly member: MlpBatchMember, private readonly plan: TrainingPlan, private readonly validation: TrainingRows | null) {}

  get done(): boolean {
    return this.history.stoppedEarly;
  }

  async epoch(epoch: number, patience: number | undefined): Promise<number> {
    const loss = await this.plan.runEpoch(this.member.seed, epoch);
    this.history.loss.push(loss);
    this.history.epochsRun = epoch + 1;
    if (!this.validation) return loss;
    const probs = await this.mlp.predictProba(this.validation.features);
    const classes = this.mlp.classes;
    const validationLoss = crossEntropy(probs, this.validation.labels, classes);
    this.history.validationLoss.push(validationLoss);
    this.history.validationAccuracy.push(accuracy(argmaxRows(probs, classes), this.validation.labels));
    if (validationLoss < this.bestLoss) {
      this.bestLoss = validationLoss;
      this.history.bestEpoch = epoch;
      if (patience !== undefined) this.best = await this.mlp.getWeights();
    } else if (patience !== undefined && epoch - this.history.bestEpoch >= patience) {
      this.history.stoppedEarly = true;
    }
    return loss;
  }

  finish(): void {
    this.plan.dispose();
    if (this.best) this.mlp.setWeights(this.best);
    if (this.history.bestEpoch < 0) this.history.bestEpoch = this.history.epochsRun - 1;
  }
}

export class MlpBatch {
  private readonly models: Mlp[];

  constructor(private readonly engine: Engine, readonly spec: MlpSpec, private readonly members: readonly MlpBatchMember[]) {
    if (members.length < 1) throw new ArgumentError('an MLP batch needs at least one member');
    for (const m of members) if (m.weightDecay) throw new ArgumentError('weight decay needs the batched kernels (branch batch-kernels)');
    this.models = members.map((m) => new Mlp(engine, spec, { seed: m.seed }));
  }

  get size(): number {
    return this.members.length;
  }

  async fit(data: TrainingRows, options: MlpBatchOptions): Promise<MemberHistory[]> {
    if (options.patience !== undefined && this.members.some((m) => !m.validationRows?.length)) throw new ArgumentError('early stopping needs validation rows for every member');
    const runs: MemberRun[] = [];
    try {
      for (const [i, m] of this.members.entries()) {
        const plan = await this.models[i].trainingPlan(pick(data, m.trainRows), options.batchSize, m.learningRate ?? defaultTrainOptions.learningRate);
        runs.push(new MemberRun(this.models[i], m, plan, m.validationRows ? pick(data, m.validationRows) : null));
      }
      for (let epoch = 0; epoch < options.epochs && runs.some((r) => !r.done); epoch++) {
        const loss = new Float64Array(runs.length).fill(NaN);
        for (const [i, run] of runs.entries()) if (!run.done) loss[i] = await run.epoch(epoch, options.patience);
        options.onEpoch?.(epoch, loss);
      }
    } finally {
      runs.forEach((r) => r.finish());
    }
    return runs.map((r) => r.history);
  }

  predictProba(m: number, features: Float32Array, rows: number): Promise<Float32Array> {
    if (features.length !== rows * this.spec.layers[0].inputs) throw new ArgumentError(`${features.length} feature values are not ${rows} rows of ${this.spec.layers[0].inputs}`);
    return this.models[m].predictProba(features);
  }

  weights(m: number): Promise<LayerWeights[]> {
    return this.models[m].getWeights();
  }

  dispose(): void {
    this.models.forEach((m) => m.dispose());
  }
}

// A whole training epoch as prepared kernel calls, made once per fit: the training set lives on the GPU, each
// epoch uploads only its shuffled row order, gathers batches on the GPU, writes each batch's loss into its own
// slot, and is one submit; the losses are read back once per epoch.
// Model axis: M models of one architecture (layers [M, …]) train in the same dispatches, each on its own row list
// into the one uploaded dataset. Batch b is rows b·batchSize… of every model's order; a model with fewer rows
// there gets padding indices (gathered as zero features and a label no class has, or a NaN target, which the loss
// ignores), and a model with no rows in batch b, or none at all this epoch (stopped early), is gated off Adam's step
// for it.
// Batch b's gathers, products and loss run over models 0…A_b−1 only, A_b being one past the last model that has
// rows there: the arrays' leading models are a prefix of each buffer, so a shorter grid simply leaves the rest out.
// Callers that put the model with the most rows first (a refit before its folds) spend nothing on models whose
// rows ran out; an emulated GPU (SwiftShader) pays for every padded row it computes.
// Bounded memory: an epoch is submitted in parts of at most submitBatches batches (one command buffer of a
// million-row epoch would hold every pass of it at once), and only the first part's per-batch calls (gathers,
// loss, Adam step count) are kept: later parts prepare theirs while they run and free them after. A single model's training set larger than
// streamWindowBytes is not uploaded whole: each part of the epoch uploads its rows, in the epoch's order, into
// a window of whole batches, and the batches gather from that window. The steps and their order are the same
// either way, so the numbers are too.
import type { Dataset } from '../data/dataset.js';
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../errors.js';
import { leadingEntries, readArray, reshape, writeArray, type GpuArray } from '../gpu/gpuArray.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { finished, Recorder } from '../gpu/recorder.js';
import { prepareDenseBackward, prepareDenseForward } from '../kernels/dense.js';
import { missingRow, prepareGatherRows } from '../kernels/gather.js';
import { paddingTarget, prepareRegressionLoss, prepareSoftmaxCrossEntropy, type RegressionLoss } from '../kernels/loss.js';
import { createAdamState, prepareAdam, prepareAdamStep, setAdamRates, type AdamRates, type AdamState } from '../kernels/optim.js';
import { batchSizes, epochOrder } from './epochOrder.js';
import type { GpuLayer } from './gpuLayer.js';
import { batchBuffers, layerGradients, modelShape, type BatchBuffers, type Gradients } from './trainingBuffers.js';

/** Rows and labels (and, for regression, targets) as the trainer needs them; a Dataset fits. */
export type TrainingRows = Pick<Dataset, 'features' | 'labels' | 'rows' | 'cols' | 'targets'>;

/** The calls of batch b's own: its gathers, its loss slot, its Adam step count. */
interface BatchCalls {
  gathers: KernelCall[];
  loss: KernelCall;
  adamStep: KernelCall;
}

/** The calls of one step for one batch size and count of leading models, reused by every batch of that kind. */
interface StepCalls {
  forward: KernelCall[];
  backward: KernelCall[];
}

/** The rows and Adam rates of each model a plan trains: one entry for a single MLP. */
export interface PlanModels {
  /** Training rows per model (its order's length each epoch). */
  rows: readonly number[];
  rates: readonly AdamRates[];
  /** Regression: every model trains on the data's targets with this loss (its last layer one unit); default: softmax cross-entropy on labels. */
  loss?: RegressionLoss;
  /**
   * A single model's training rows per upload when the data is streamed (rounded down to whole batches); default:
   * the whole data when its features fit in streamWindowBytes, else as many rows as do.
   */
  windowRows?: number;
}

/** Training features above this size are streamed through a window of this size (or the device's binding limit, if lower). */
export const streamWindowBytes = 256 * 2 ** 20;
/** Batches recorded into one submit: bounds the command buffer of a large epoch. */
const submitBatches = 1024;

/** Work recorded into an epoch's submit around the training steps (validation, weight copies). */
export interface EpochExtras {
  before?: (recorder: Recorder) => void;
  after?: (recorder: Recorder) => void;
}

const named = (call: KernelCall, label: string): KernelCall => ({ ...call, label });
const stepKind = (size: number, active: number) => `${size} rows, ${active} models`;

/** Every buffer and call of the plan lives in its scope: dispose() frees them all, once. */
export class TrainingPlan {
  /** Rows of batch b's buffers: the most any model has in it. */
  private readonly batches: number[];
  /** Models batch b runs over (a prefix): one past the last model with rows in it. */
  private readonly activeModels: number[];
  /** Per model, the sizes of its own batches (batchSizes of its rows). */
  private readonly modelBatches: number[][];
  /** The per-batch calls of the epoch's first part, prepared once. */
  private firstPart: BatchCalls[] = [];
  private sources?: { x: GpuArray; y: GpuArray; buffersBySize: Map<number, BatchBuffers> };
  private readonly steps = new Map<string, StepCalls>();
  private updates: KernelCall[] = [];
  private readonly adam: AdamState;
  private readonly order: GpuArray;
  private readonly gate: GpuArray;
  private readonly losses: GpuArray;
  private uploaded?: GpuArray;
  /** Streaming: the host data, and the window its rows are uploaded into, part by part. */
  private stream?: { data: TrainingRows; x: GpuArray; y: GpuArray; windowBatches: number };
  readonly models: number;

  private constructor(
    private readonly scope: GpuScope,
    private readonly layers: readonly GpuLayer[],
    private readonly frozen: readonly boolean[],
    private readonly modelRows: readonly number[],
    readonly batchSize: number,
    rates: readonly AdamRates[],
    private readonly regression?: RegressionLoss,
  ) {
    this.models = modelRows.length;
    this.modelBatches = modelRows.map((rows) => batchSizes(rows, batchSize));
    const count = Math.max(...this.modelBatches.map((sizes) => sizes.length));
    this.batches = Array.from({ length: count }, (_, b) => Math.max(...this.modelBatches.map((sizes) => sizes[b] ?? 0)));
    this.activeModels = Array.from({ length: count }, (_, b) => 1 + this.modelBatches.reduce((last, sizes, m) => (sizes.length > b ? m : last), 0));
    this.adam = createAdamState(scope, 'mlp adam', this.models);
    setAdamRates(scope.engine, this.adam, rates);
    this.order = scope.array('mlp epoch order', modelShape(this.models, [count * batchSize]), undefined, 'u32');
    this.gate = scope.array('mlp adam gate', [this.models, count], undefined, 'u32');
    this.losses = scope.array('mlp batch losses', modelShape(this.models, [count]));
  }

  /**
   * A plan whose buffers live in `scope`, which it takes over: it is disposed with the plan, or here if preparing
   * fails. `models`: each model's rows (of `data`) and Adam rates; one model is `{ rows: [data.rows], rates: [r] }`.
   */
  static async create(scope: GpuScope, layers: readonly GpuLayer[], frozen: readonly boolean[], data: TrainingRows, batchSize: number, models: PlanModels): Promise<TrainingPlan> {
    try {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError(`batch size must be a positive integer, got ${batchSize}`);
      if (data.cols !== layers[0].spec.inputs) throw new ArgumentError(`training rows have ${data.cols} features, the MLP takes ${layers[0].spec.inputs}`);
      const { rows, rates } = models;
      if (!rows.length || rows.length !== rates.length || rows.some((n) => !(Number.isInteger(n) && n >= 1))) {
        throw new ArgumentError(`training plan: every model needs at least one row and one set of rates (rows ${rows.join(', ')}; ${rates.length} rates)`);
      }
      if (models.loss) checkRegression(layers, data);
      const plan = new TrainingPlan(scope, layers, frozen, rows, Math.min(batchSize, Math.max(...rows)), rates, models.loss);
      await plan.prepare(data, models.windowRows);
      return plan;
    } catch (error) {
      scope.dispose();
      throw error;
    }
  }

  /** Rows of the single model's training set (the first model's with a model axis). */
  get rows(): number {
    return this.modelRows[0];
  }

  /** The training features as uploaded [rows, cols], for other work on the same rows (validation); not kept when the data is streamed. */
  get features(): GpuArray {
    if (this.stream) throw new ArgumentError(`training plan: the ${this.stream.data.rows} training rows are streamed in windows, not kept on the GPU`);
    return this.uploaded!;
  }

  /** Batches per window of streamed rows, or 0 when the whole data was uploaded. */
  private windowBatchCount(data: TrainingRows, windowRows: number | undefined): number {
    const rowBytes = 4 * data.cols;
    const bytes = Math.min(streamWindowBytes, this.engine.device.limits.maxStorageBufferBindingSize);
    const rows = windowRows ?? (data.rows * rowBytes > bytes ? Math.floor(bytes / rowBytes) : data.rows);
    if (!(Number.isInteger(rows) && rows >= 1)) throw new ArgumentError(`training plan: a window of ${rows} rows`);
    if (rows >= data.rows) return 0;
    if (this.models > 1) throw new ArgumentError(`training plan: ${data.rows} rows of ${data.cols} features do not fit on the GPU at once, and streaming them serves a single model, not ${this.models}`);
    return Math.max(1, Math.floor(rows / this.batchSize));
  }

  private get engine(): Engine {
    return this.scope.engine;
  }

  private async prepare(data: TrainingRows, windowRows: number | undefined): Promise<void> {
    const regression = this.regression;
    const windowBatches = this.windowBatchCount(data, windowRows);
    let xAll: GpuArray;
    let yAll: GpuArray;
    if (windowBatches) {
      const rows = windowBatches * this.batchSize;
      xAll = this.scope.array('mlp training X window', [rows, data.cols]);
      yAll = regression ? this.scope.array('mlp training targets window', [rows, 1]) : this.scope.array('mlp training labels window', [rows, 1], undefined, 'u32');
      this.stream = { data, x: xAll, y: yAll, windowBatches };
    } else {
      xAll = this.scope.array('mlp training X', [data.rows, data.cols], data.features);
      this.uploaded = xAll;
      yAll = regression ? this.scope.array('mlp training targets', [data.rows, 1], data.targets) : this.scope.array('mlp training labels', [data.rows, 1], data.labels, 'u32');
    }
    const gradients = this.layers.map((layer, l) => (this.frozen[l] ? undefined : layerGradients(this.scope, layer, l, this.models)));
    const sizes = [...new Set(this.batches)];
    const buffersBySize = new Map(sizes.map((size) => [size, batchBuffers(this.scope, this.layers, size, this.lowestTrainable, this.models, regression ? 'targets' : 'labels')]));
    const kinds = new Map(this.batches.map((size, b) => [stepKind(size, this.activeModels[b]), { size, active: this.activeModels[b] }]));
    const steps = [...kinds].map(async ([kind, { size, active }]) => this.steps.set(kind, await this.prepareStep(buffersBySize.get(size)!, gradients, active)));
    this.sources = { x: xAll, y: yAll, buffersBySize };
    // Awaited together, so a failure in any leaves no rejection unhandled.
    const [firstPart, , updates] = await Promise.all([this.prepareBatches(this.scope, 0, this.partEnd(0)), Promise.all(steps), this.adamUpdates(gradients)]);
    this.firstPart = firstPart;
    this.updates = updates;
  }

  /** One past the last batch of the epoch part starting at batch `start`: within submitBatches and one window. */
  private partEnd(start: number): number {
    const windowEnd = this.stream ? (Math.floor(start / this.stream.windowBatches) + 1) * this.stream.windowBatches : Infinity;
    return Math.min(this.batches.length, start + submitBatches, windowEnd);
  }

  /** The own calls of batches from…to, in `scope`. */
  private prepareBatches(scope: GpuScope, from: number, to: number): Promise<BatchCalls[]> {
    const { x: xAll, y: yAll, buffersBySize } = this.sources!;
    const regression = this.regression;
    const batches = this.batches.slice(from, to).map(async (size, k) => {
      const i = from + k;
      const lead = (array: GpuArray) => this.leading(array, this.activeModels[i]);
      const buffers = buffersBySize.get(size)!;
      const logits = buffers.activations[this.layers.length - 1];
      const offset = i * this.batchSize;
      const labels = reshape(buffers.y, modelShape(this.models, [size]));
      const [gatherX, gatherY, loss, adamStep] = await Promise.all([
        prepareGatherRows(scope, xAll, lead(this.order), lead(buffers.x), offset).then((call) => named(call, `mlp batch ${i} gather X`)),
        prepareGatherRows(scope, yAll, lead(this.order), lead(buffers.y), offset, { missing: regression ? paddingTarget : missingRow }).then((call) =>
          named(call, `mlp batch ${i} gather ${regression ? 'targets' : 'labels'}`),
        ),
        (regression
          ? prepareRegressionLoss(scope, lead(logits), lead(buffers.y), lead(buffers.dLogits), lead(this.losses), i, regression)
          : prepareSoftmaxCrossEntropy(scope, lead(logits), lead(labels), lead(buffers.dLogits), lead(this.losses), i)
        ).then((call) => named(call, `mlp batch ${i} ${regression ? regression.kind : 'softmax cross-entropy'}`)),
        prepareAdamStep(scope, this.adam, { gate: this.gate, slot: i }).then((call) => named(call, 'mlp adam step count')),
      ]);
      return { gathers: [gatherX, gatherY], loss, adamStep };
    });
    return Promise.all(batches);
  }

  /** The first `active` models of an array with the model axis (the whole array when every model is active). */
  private leading(array: GpuArray, active: number): GpuArray {
    return this.models === 1 || active === this.models ? array : leadingEntries(array, active);
  }

  /** The lowest layer that learns: nothing below it needs a gradient. */
  private get lowestTrainable(): number {
    const lowest = this.frozen.indexOf(false);
    return lowest < 0 ? this.layers.length : lowest;
  }

  // The prepare* calls start together, so the pipelines they compile on first use may overlap.
  private async prepareStep(allBuffers: BatchBuffers, gradients: (Gradients | undefined)[], active: number): Promise<StepCalls> {
    const { scope } = this;
    const lead = (array: GpuArray) => this.leading(array, active);
    const maybeLead = (array: GpuArray | undefined) => (array ? lead(array) : undefined);
    const layers = this.layers.map((layer) => ({ ...layer, w: lead(layer.w), b: lead(layer.b) }));
    const buffers = { x: lead(allBuffers.x), activations: allBuffers.activations.map(lead), dLogits: lead(allBuffers.dLogits), dx: allBuffers.dx.map(maybeLead) };
    const forward = Promise.all(
      layers.map(async (layer, l) => {
        const input = l === 0 ? buffers.x : buffers.activations[l - 1];
        return named(await prepareDenseForward(scope, input, layer.w, layer.b, buffers.activations[l], layer.spec.activation), `mlp layer ${l + 1} forward`);
      }),
    );
    const trainable = layers.map((_, l) => l).filter((l) => l >= this.lowestTrainable).reverse();
    const backward = Promise.all(
      trainable.map(async (l) => {
        const layer = layers[l];
        const calls = await prepareDenseBackward(scope, {
          x: l === 0 ? buffers.x : buffers.activations[l - 1],
          w: layer.w,
          y: buffers.activations[l],
          dy: l === layers.length - 1 ? buffers.dLogits : buffers.dx[l + 1]!,
          dx: buffers.dx[l],
          dw: maybeLead(gradients[l]?.dw),
          db: maybeLead(gradients[l]?.db),
          activation: layer.spec.activation,
        });
        return calls.map((call) => named(call, `mlp layer ${l + 1} backward (${call.label})`));
      }),
    );
    return { forward: await forward, backward: (await backward).flat() };
  }

  /** Adam on every trainable layer, over all models: a model gated off this batch (no rows in it) skips the update. */
  private adamUpdates(gradients: (Gradients | undefined)[]): Promise<KernelCall[]> {
    const { scope } = this;
    return Promise.all(
      this.layers.flatMap((layer, l) => {
        const grads = gradients[l];
        if (!grads) return [];
        return [
          prepareAdam(scope, this.adam, layer.w, grads.dw, grads.mw, grads.vw).then((call) => named(call, `mlp layer ${l + 1} adam W`)),
          prepareAdam(scope, this.adam, layer.b, grads.db, grads.mb, grads.vb).then((call) => named(call, `mlp layer ${l + 1} adam b`)),
        ];
      }),
    );
  }

  /**
   * Every call of one training step on batch `batch` of the current order, in order, labelled per layer; for a
   * batch of the epoch's first part (later parts prepare their calls while they run).
   */
  stepCallsFor(batch = 0): KernelCall[] {
    if (!(batch >= 0 && batch < this.firstPart.length)) throw new ArgumentError(`training plan: batch ${batch} is not among the ${this.firstPart.length} batches prepared ahead`);
    return this.stepCalls(batch, this.firstPart[batch]);
  }

  private stepCalls(batch: number, own: BatchCalls): KernelCall[] {
    const step = this.steps.get(stepKind(this.batches[batch], this.activeModels[batch]))!;
    return [...own.gathers, ...step.forward, own.loss, ...step.backward, own.adamStep, ...this.updates];
  }

  get batchCount(): number {
    return this.batches.length;
  }

  /** Uploads the row order that stepCallsFor / runEpoch take their batches from (a single model's). */
  setOrder(order: Uint32Array): void {
    this.setOrders([order]);
  }

  /**
   * Uploads each model's row order (row numbers into the plan's data) and the Adam gate that goes with it; an
   * undefined order leaves that model untouched by the epoch (stopped early).
   */
  setOrders(orders: readonly (Uint32Array | undefined)[]): void {
    if (orders.length !== this.models) throw new ArgumentError(`training plan: ${orders.length} row orders for ${this.models} models`);
    const stride = this.batches.length * this.batchSize;
    const padded = new Uint32Array(this.models * stride).fill(missingRow);
    const gate = new Uint32Array(this.models * this.batches.length);
    orders.forEach((order, m) => {
      if (!order) return;
      if (order.length !== this.modelRows[m]) throw new ArgumentError(`training plan: model ${m} has ${this.modelRows[m]} rows, its order ${order.length}`);
      if (this.stream) {
        // Streamed, batch b gathers from the window holding its rows, which are uploaded in the order's order.
        const windowRows = this.stream.x.shape[0];
        for (let p = 0; p < order.length; p++) padded[p] = p % windowRows;
      } else padded.set(order, m * stride);
      gate.fill(1, m * this.batches.length, m * this.batches.length + this.modelBatches[m].length);
    });
    writeArray(this.engine, this.order, padded);
    writeArray(this.engine, this.gate, gate);
  }

  /** One epoch as one submit; returns the epoch's mean loss (batches weighted by their size). */
  async runEpoch(seed: number, epoch: number): Promise<number> {
    return (await this.runModelsEpoch([epochOrder(this.rows, seed, epoch)], `mlp epoch ${epoch + 1}`))[0];
  }

  /**
   * One epoch of every model as one submit (with `extras` recorded before and after the steps); returns each
   * model's mean loss (its batches weighted by their size), NaN for a model given no order.
   */
  async runModelsEpoch(orders: readonly (Uint32Array | undefined)[], label: string, extras: EpochExtras = {}): Promise<Float64Array> {
    this.setOrders(orders);
    const recorder = new Recorder(this.engine, label);
    extras.before?.(recorder);
    for (let start = 0, end = 0; start < this.batches.length; start = end) {
      end = this.partEnd(start);
      if (this.stream && start % this.stream.windowBatches === 0) {
        const windowEnd = Math.min(this.batches.length, start + this.stream.windowBatches);
        this.uploadWindow(orders[0]!, start * this.batchSize, Math.min(this.rows, windowEnd * this.batchSize));
      }
      const scope = start === 0 ? undefined : this.scope.child(`${label} batches ${start}…${end - 1}`);
      try {
        const own = scope ? await this.prepareBatches(scope, start, end) : this.firstPart;
        for (let b = start; b < end; b++) for (const call of this.stepCalls(b, own[b - start])) recorder.dispatch(call);
        if (end === this.batches.length) extras.after?.(recorder);
        await recorder.submit();
        // Done before the next part is prepared and uploaded, so only one part's work is ever queued.
        if (end < this.batches.length) await finished(this.engine);
      } finally {
        scope?.dispose();
      }
    }
    const losses = await readArray(this.engine, this.losses);
    return Float64Array.from(orders, (order, m) => {
      if (!order) return NaN;
      let sum = 0;
      this.modelBatches[m].forEach((size, b) => (sum += losses[m * this.batches.length + b] * size));
      return sum / this.modelRows[m];
    });
  }

  /** Streaming: rows order[from…to) of the host data into the window, ahead of the batches that gather them. */
  private uploadWindow(order: Uint32Array, from: number, to: number): void {
    const { data, x, y } = this.stream!;
    const cols = data.cols;
    const features = new Float32Array(x.shape[0] * cols);
    const column = new Float32Array(y.shape[0]);
    const values = this.regression ? data.targets! : data.labels;
    for (let p = from; p < to; p++) {
      const row = order[p];
      features.set(data.features.subarray(row * cols, (row + 1) * cols), (p - from) * cols);
      column[p - from] = values[row];
    }
    writeArray(this.engine, x, features);
    writeArray(this.engine, y, column);
  }

  dispose(): void {
    this.scope.dispose();
  }
}

/** A regression plan needs one output unit and a finite target per row (a non-finite one would be taken for padding). */
function checkRegression(layers: readonly GpuLayer[], data: TrainingRows): void {
  const outputs = layers[layers.length - 1].spec.units;
  if (outputs !== 1) throw new ArgumentError(`training plan: a regression loss needs an MLP with one output, this one has ${outputs}`);
  const { targets } = data;
  if (!targets || targets.length !== data.rows) throw new ArgumentError(`training plan: a regression loss needs one target per row (${data.rows} rows, ${targets?.length ?? 'no'} targets)`);
  for (let r = 0; r < targets.length; r++) if (!Number.isFinite(targets[r])) throw new ArgumentError(`training plan: target of row ${r} is ${targets[r]}`);
}

// A whole training epoch as prepared kernel calls, made once per fit: the training set lives on the GPU, each
// epoch uploads only its shuffled row order, gathers batches on the GPU, writes each batch's loss into its own
// slot, and is one submit; the losses are read back once per epoch.
import type { Dataset } from '../data/dataset.js';
import type { Engine } from '../gpu/engine.js';
import { createArray, destroyArray, readArray, reshape, writeArray, type GpuArray } from '../gpu/gpuArray.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { Recorder } from '../gpu/recorder.js';
import { prepareDenseBackward, prepareDenseForward } from '../kernels/dense.js';
import { prepareGatherRows } from '../kernels/gather.js';
import { prepareSoftmaxCrossEntropy } from '../kernels/loss.js';
import { createAdamState, prepareAdam, prepareAdamStep, setAdamHyper, type AdamState } from '../kernels/optim.js';
import { batchSizes, epochOrder } from './epochOrder.js';
import type { GpuLayer } from './gpuLayer.js';
import { adamEpsilon } from './tfjsFit.js';

/** Rows and labels as the trainer needs them; a Dataset fits. */
export type TrainingRows = Pick<Dataset, 'features' | 'labels' | 'rows' | 'cols'>;

/** The calls of one step for one batch size, reused by every batch of that size. */
interface StepCalls {
  forward: KernelCall[];
  backward: KernelCall[];
  optimizer: KernelCall[];
}

interface BatchBuffers {
  x: GpuArray;
  y: GpuArray;
  activations: GpuArray[];
  dLogits: GpuArray;
  /** dX per layer, where a lower trainable layer needs it. */
  dx: (GpuArray | undefined)[];
}

interface Gradients {
  dw: GpuArray;
  db: GpuArray;
  mw: GpuArray;
  vw: GpuArray;
  mb: GpuArray;
  vb: GpuArray;
}

const named = (call: KernelCall, label: string): KernelCall => ({ ...call, label });

export class TrainingPlan {
  private readonly arrays: GpuArray[] = [];
  private readonly batches: number[];
  private readonly gathers: KernelCall[][] = [];
  private readonly lossCalls: KernelCall[] = [];
  private readonly steps = new Map<number, StepCalls>();
  private readonly adam: AdamState;
  private readonly order: GpuArray;
  private readonly losses: GpuArray;

  private constructor(
    private readonly engine: Engine,
    private readonly layers: readonly GpuLayer[],
    private readonly frozen: readonly boolean[],
    readonly rows: number,
    readonly batchSize: number,
    learningRate: number,
  ) {
    this.batches = batchSizes(rows, batchSize);
    this.adam = createAdamState(engine, 'mlp adam');
    setAdamHyper(engine, this.adam, { lr: learningRate, beta1: 0.9, beta2: 0.999, epsilon: adamEpsilon });
    this.order = this.array('mlp epoch order', [rows], 'u32');
    this.losses = this.array('mlp batch losses', [this.batches.length]);
  }

  static async create(engine: Engine, layers: readonly GpuLayer[], frozen: readonly boolean[], data: TrainingRows, batchSize: number, learningRate: number): Promise<TrainingPlan> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
    if (data.cols !== layers[0].spec.inputs) throw new RangeError(`training rows have ${data.cols} features, the MLP takes ${layers[0].spec.inputs}`);
    const plan = new TrainingPlan(engine, layers, frozen, data.rows, Math.min(batchSize, data.rows), learningRate);
    await plan.prepare(data);
    return plan;
  }

  private array(label: string, shape: number[], dtype: 'f32' | 'u32' = 'f32', data?: ArrayLike<number>): GpuArray {
    const array = createArray(this.engine, label, shape, data, dtype);
    this.arrays.push(array);
    return array;
  }

  private async prepare(data: TrainingRows): Promise<void> {
    const xAll = this.array('mlp training X', [data.rows, data.cols], 'f32', data.features);
    const yAll = this.array('mlp training labels', [data.rows, 1], 'u32', data.labels);
    const gradients = this.layers.map((layer, l) => (this.frozen[l] ? undefined : this.gradients(layer, l)));
    const sizes = [...new Set(this.batches)];
    const buffersBySize = new Map(sizes.map((size) => [size, this.batchBuffers(size)]));
    const steps = sizes.map(async (size) => this.steps.set(size, await this.stepCalls(buffersBySize.get(size)!, gradients)));
    let next = 0;
    const offsets = this.batches.map((size) => (next += size) - size);
    const perBatch = this.batches.map(async (size, i) => {
      const buffers = buffersBySize.get(size)!;
      const logits = buffers.activations[this.layers.length - 1];
      return Promise.all([
        prepareGatherRows(this.engine, xAll, this.order, buffers.x, offsets[i]).then((call) => named(call, `mlp batch ${i} gather X`)),
        prepareGatherRows(this.engine, yAll, this.order, buffers.y, offsets[i]).then((call) => named(call, `mlp batch ${i} gather labels`)),
        prepareSoftmaxCrossEntropy(this.engine, logits, reshape(buffers.y, [size]), buffers.dLogits, this.losses, i).then((call) => named(call, `mlp batch ${i} softmax cross-entropy`)),
      ]);
    });
    for (const [gatherX, gatherY, loss] of await Promise.all(perBatch)) {
      this.gathers.push([gatherX, gatherY]);
      this.lossCalls.push(loss);
    }
    await Promise.all(steps);
  }

  private gradients(layer: GpuLayer, l: number): Gradients {
    const { inputs, units } = layer.spec;
    const make = (what: string, shape: number[]) => this.array(`mlp layer ${l + 1} ${what}`, shape);
    return {
      dw: make('dW', [inputs, units]),
      db: make('db', [units]),
      mw: make('Adam m(W)', [inputs, units]),
      vw: make('Adam v(W)', [inputs, units]),
      mb: make('Adam m(b)', [units]),
      vb: make('Adam v(b)', [units]),
    };
  }

  /** The lowest layer that learns: nothing below it needs a gradient. */
  private get lowestTrainable(): number {
    const lowest = this.frozen.indexOf(false);
    return lowest < 0 ? this.layers.length : lowest;
  }

  private batchBuffers(size: number): BatchBuffers {
    const at = `(batch of ${size})`;
    const x = this.array(`mlp batch X ${at}`, [size, this.layers[0].spec.inputs]);
    const y = this.array(`mlp batch labels ${at}`, [size, 1], 'u32');
    const activations = this.layers.map((layer, l) => this.array(`mlp layer ${l + 1} output ${at}`, [size, layer.spec.units]));
    const dLogits = this.array(`mlp dLogits ${at}`, [size, this.layers[this.layers.length - 1].spec.units]);
    const dx = this.layers.map((layer, l) => (l > this.lowestTrainable ? this.array(`mlp layer ${l + 1} dX ${at}`, [size, layer.spec.inputs]) : undefined));
    return { x, y, activations, dLogits, dx };
  }

  // The prepare* calls start together, so the pipelines they compile on first use may overlap.
  private async stepCalls(buffers: BatchBuffers, gradients: (Gradients | undefined)[]): Promise<StepCalls> {
    const { engine, layers } = this;
    const forward = Promise.all(
      layers.map(async (layer, l) => {
        const input = l === 0 ? buffers.x : buffers.activations[l - 1];
        return named(await prepareDenseForward(engine, input, layer.w, layer.b, buffers.activations[l], layer.spec.activation), `mlp layer ${l + 1} forward`);
      }),
    );
    const trainable = layers.map((_, l) => l).filter((l) => l >= this.lowestTrainable).reverse();
    const backward = Promise.all(
      trainable.map(async (l) => {
        const layer = layers[l];
        const calls = await prepareDenseBackward(engine, {
          x: l === 0 ? buffers.x : buffers.activations[l - 1],
          w: layer.w,
          y: buffers.activations[l],
          dy: l === layers.length - 1 ? buffers.dLogits : buffers.dx[l + 1]!,
          dx: buffers.dx[l],
          dw: gradients[l]?.dw,
          db: gradients[l]?.db,
          activation: layer.spec.activation,
        });
        return calls.map((call) => named(call, `mlp layer ${l + 1} backward (${call.label})`));
      }),
    );
    const updates = Promise.all(
      layers.flatMap((layer, l) => {
        const grads = gradients[l];
        if (!grads) return [];
        return [
          prepareAdam(engine, this.adam, layer.w, grads.dw, grads.mw, grads.vw).then((call) => named(call, `mlp layer ${l + 1} adam W`)),
          prepareAdam(engine, this.adam, layer.b, grads.db, grads.mb, grads.vb).then((call) => named(call, `mlp layer ${l + 1} adam b`)),
        ];
      }),
    );
    const step = prepareAdamStep(engine, this.adam).then((call) => named(call, 'mlp adam step count'));
    return { forward: await forward, backward: (await backward).flat(), optimizer: [await step, ...(await updates)] };
  }

  /** Every call of one training step on batch `batch` of the current order, in order, labelled per layer. */
  stepCallsFor(batch = 0): KernelCall[] {
    const step = this.steps.get(this.batches[batch])!;
    return [...this.gathers[batch], ...step.forward, this.lossCalls[batch], ...step.backward, ...step.optimizer];
  }

  get batchCount(): number {
    return this.batches.length;
  }

  /** Uploads the row order that stepCallsFor / runEpoch take their batches from. */
  setOrder(order: Uint32Array): void {
    writeArray(this.engine, this.order, order);
  }

  /** One epoch as one submit; returns the epoch's mean loss (batches weighted by their size). */
  async runEpoch(seed: number, epoch: number): Promise<number> {
    this.setOrder(epochOrder(this.rows, seed, epoch));
    const recorder = new Recorder(this.engine, `mlp epoch ${epoch + 1}`);
    for (let b = 0; b < this.batches.length; b++) for (const call of this.stepCallsFor(b)) recorder.dispatch(call);
    await recorder.submit();
    const losses = await readArray(this.engine, this.losses);
    let sum = 0;
    this.batches.forEach((size, b) => (sum += losses[b] * size));
    return sum / this.rows;
  }

  dispose(): void {
    destroyArray(this.adam.progress);
    this.adam.hyper.destroy();
    this.arrays.forEach(destroyArray);
    this.arrays.length = 0;
  }
}

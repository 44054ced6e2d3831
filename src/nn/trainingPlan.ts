// A whole training epoch as prepared kernel calls, made once per fit: the training set lives on the GPU, each
// epoch uploads only its shuffled row order, gathers batches on the GPU, writes each batch's loss into its own
// slot, and is one submit; the losses are read back once per epoch.
import type { Dataset } from '../data/dataset.js';
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../gpu/errors.js';
import { readArray, reshape, writeArray, type GpuArray } from '../gpu/gpuArray.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { Recorder } from '../gpu/recorder.js';
import { prepareDenseBackward, prepareDenseForward } from '../kernels/dense.js';
import { prepareGatherRows } from '../kernels/gather.js';
import { prepareSoftmaxCrossEntropy } from '../kernels/loss.js';
import { createAdamState, prepareAdam, prepareAdamStep, setAdamHyper, type AdamState } from '../kernels/optim.js';
import { batchSizes, epochOrder } from './epochOrder.js';
import type { GpuLayer } from './gpuLayer.js';
import { adamEpsilon } from './tfjsFit.js';
import { batchBuffers, layerGradients, type BatchBuffers, type Gradients } from './trainingBuffers.js';

/** Rows and labels as the trainer needs them; a Dataset fits. */
export type TrainingRows = Pick<Dataset, 'features' | 'labels' | 'rows' | 'cols'>;

/** The calls of one step for one batch size, reused by every batch of that size. */
interface StepCalls {
  forward: KernelCall[];
  backward: KernelCall[];
  optimizer: KernelCall[];
}

const named = (call: KernelCall, label: string): KernelCall => ({ ...call, label });

/** Every buffer and call of the plan lives in its scope: dispose() frees them all, once. */
export class TrainingPlan {
  private readonly batches: number[];
  private readonly gathers: KernelCall[][] = [];
  private readonly lossCalls: KernelCall[] = [];
  private readonly steps = new Map<number, StepCalls>();
  private readonly adam: AdamState;
  private readonly order: GpuArray;
  private readonly losses: GpuArray;

  private constructor(
    private readonly scope: GpuScope,
    private readonly layers: readonly GpuLayer[],
    private readonly frozen: readonly boolean[],
    readonly rows: number,
    readonly batchSize: number,
    learningRate: number,
  ) {
    this.batches = batchSizes(rows, batchSize);
    this.adam = createAdamState(scope, 'mlp adam');
    setAdamHyper(scope.engine, this.adam, { lr: learningRate, beta1: 0.9, beta2: 0.999, epsilon: adamEpsilon });
    this.order = scope.array('mlp epoch order', [rows], undefined, 'u32');
    this.losses = scope.array('mlp batch losses', [this.batches.length]);
  }

  /** A plan whose buffers live in `scope`, which it takes over: it is disposed with the plan, or here if preparing fails. */
  static async create(scope: GpuScope, layers: readonly GpuLayer[], frozen: readonly boolean[], data: TrainingRows, batchSize: number, learningRate: number): Promise<TrainingPlan> {
    try {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError(`batch size must be a positive integer, got ${batchSize}`);
      if (data.cols !== layers[0].spec.inputs) throw new ArgumentError(`training rows have ${data.cols} features, the MLP takes ${layers[0].spec.inputs}`);
      const plan = new TrainingPlan(scope, layers, frozen, data.rows, Math.min(batchSize, data.rows), learningRate);
      await plan.prepare(data);
      return plan;
    } catch (error) {
      scope.dispose();
      throw error;
    }
  }

  private get engine(): Engine {
    return this.scope.engine;
  }

  private async prepare(data: TrainingRows): Promise<void> {
    const xAll = this.scope.array('mlp training X', [data.rows, data.cols], data.features);
    const yAll = this.scope.array('mlp training labels', [data.rows, 1], data.labels, 'u32');
    const gradients = this.layers.map((layer, l) => (this.frozen[l] ? undefined : layerGradients(this.scope, layer, l)));
    const sizes = [...new Set(this.batches)];
    const buffersBySize = new Map(sizes.map((size) => [size, batchBuffers(this.scope, this.layers, size, this.lowestTrainable)]));
    const steps = sizes.map(async (size) => this.steps.set(size, await this.stepCalls(buffersBySize.get(size)!, gradients)));
    let next = 0;
    const offsets = this.batches.map((size) => (next += size) - size);
    const perBatch = this.batches.map(async (size, i) => {
      const buffers = buffersBySize.get(size)!;
      const logits = buffers.activations[this.layers.length - 1];
      return Promise.all([
        prepareGatherRows(this.scope, xAll, this.order, buffers.x, offsets[i]).then((call) => named(call, `mlp batch ${i} gather X`)),
        prepareGatherRows(this.scope, yAll, this.order, buffers.y, offsets[i]).then((call) => named(call, `mlp batch ${i} gather labels`)),
        prepareSoftmaxCrossEntropy(this.scope, logits, reshape(buffers.y, [size]), buffers.dLogits, this.losses, i).then((call) => named(call, `mlp batch ${i} softmax cross-entropy`)),
      ]);
    });
    // Awaited together, so a failure in either leaves no rejection unhandled.
    const [batchCalls] = await Promise.all([Promise.all(perBatch), Promise.all(steps)]);
    for (const [gatherX, gatherY, loss] of batchCalls) {
      this.gathers.push([gatherX, gatherY]);
      this.lossCalls.push(loss);
    }
  }

  /** The lowest layer that learns: nothing below it needs a gradient. */
  private get lowestTrainable(): number {
    const lowest = this.frozen.indexOf(false);
    return lowest < 0 ? this.layers.length : lowest;
  }

  // The prepare* calls start together, so the pipelines they compile on first use may overlap.
  private async stepCalls(buffers: BatchBuffers, gradients: (Gradients | undefined)[]): Promise<StepCalls> {
    const { scope, layers } = this;
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
          prepareAdam(scope, this.adam, layer.w, grads.dw, grads.mw, grads.vw).then((call) => named(call, `mlp layer ${l + 1} adam W`)),
          prepareAdam(scope, this.adam, layer.b, grads.db, grads.mb, grads.vb).then((call) => named(call, `mlp layer ${l + 1} adam b`)),
        ];
      }),
    );
    const step = prepareAdamStep(scope, this.adam).then((call) => named(call, 'mlp adam step count'));
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
    this.scope.dispose();
  }
}

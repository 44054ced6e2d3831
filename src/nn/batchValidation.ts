// Each model's validation rows, forwarded through its own layers in the epoch's submit (gathered from the one
// uploaded dataset, padded to the longest list); the loss (the loss kernel's float64 reference) and accuracy are
// computed from the logits on the host, since they decide early stopping and are read back every epoch anyway.
import { accuracy, argmaxRows } from '../data/metrics.js';
import type { Engine } from '../gpu/engine.js';
import { readArray, type GpuArray } from '../gpu/gpuArray.js';
import type { GpuScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import type { Recorder } from '../gpu/recorder.js';
import { prepareDenseForward } from '../kernels/dense.js';
import { missingRow, prepareGatherRows } from '../kernels/gather.js';
import { softmaxCrossEntropyReference } from '../kernels/loss.reference.js';
import type { GpuLayer } from './gpuLayer.js';
import { modelShape } from './trainingBuffers.js';

/** Per model: the validation loss and accuracy, NaN for a model without validation rows. */
export interface ValidationScores {
  loss: Float64Array;
  accuracy: Float64Array;
}

export class BatchValidation {
  private constructor(
    private readonly engine: Engine,
    private readonly rowLists: readonly (Uint32Array | undefined)[],
    private readonly labels: ArrayLike<number>,
    private readonly calls: KernelCall[],
    private readonly logits: GpuArray,
    private readonly longest: number,
  ) {}

  /** Arrays and calls in `scope` (the caller disposes it); `features` is the uploaded dataset the rows index. */
  static async create(scope: GpuScope, layers: readonly GpuLayer[], features: GpuArray, rowLists: readonly (Uint32Array | undefined)[], labels: ArrayLike<number>): Promise<BatchValidation> {
    const models = rowLists.length;
    const longest = Math.max(1, ...rowLists.map((rows) => rows?.length ?? 0));
    const order = new Uint32Array(models * longest).fill(missingRow);
    rowLists.forEach((rows, m) => rows && order.set(rows, m * longest));
    const indices = scope.array('mlp validation rows', modelShape(models, [longest]), order, 'u32');
    const x = scope.array('mlp validation X', modelShape(models, [longest, features.shape[1]]));
    const outputs = layers.map((layer, l) => scope.array(`mlp validation layer ${l + 1} output`, modelShape(models, [longest, layer.spec.units])));
    const calls = await Promise.all([
      prepareGatherRows(scope, features, indices, x, 0),
      ...layers.map((layer, l) => prepareDenseForward(scope, l === 0 ? x : outputs[l - 1], layer.w, layer.b, outputs[l], layer.spec.activation)),
    ]);
    return new BatchValidation(scope.engine, rowLists, labels, calls, outputs[outputs.length - 1], longest);
  }

  record(recorder: Recorder): void {
    for (const call of this.calls) recorder.dispatch(call);
  }

  /** The scores of what the last recorded forward pass computed. */
  async read(): Promise<ValidationScores> {
    const logits = await readArray(this.engine, this.logits);
    const classes = this.logits.shape[this.logits.shape.length - 1];
    const scores = { loss: new Float64Array(this.rowLists.length).fill(NaN), accuracy: new Float64Array(this.rowLists.length).fill(NaN) };
    this.rowLists.forEach((rows, m) => {
      if (!rows?.length) return;
      const start = m * this.longest * classes;
      const modelLogits = logits.subarray(start, start + rows.length * classes);
      const labels = Uint32Array.from(rows, (row) => this.labels[row]);
      scores.loss[m] = softmaxCrossEntropyReference(modelLogits, labels, rows.length, classes).loss;
      scores.accuracy[m] = accuracy(argmaxRows(modelLogits, classes), labels);
    });
    return scores;
  }
}

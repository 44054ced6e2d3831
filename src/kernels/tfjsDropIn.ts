// The tfjs drop-in: stacklab's matmul, dense forward, fusedMatmul and conv2d kernels registered as
// tfjs-backend-webgpu's BatchMatMul, _FusedMatMul, Conv2D and FusedConv2D in tfjs-core's kernel registry, so an
// unmodified tfjs model runs on them: predict through _FusedMatMul and FusedConv2D, fit through BatchMatMul and
// Conv2D (tfjs's gradients call BatchMatMul with transposeA/transposeB, and unfuse the activation while recording
// gradients; a convolution's gradients are other kernels, tfjs's). A product goes to matmul or dense where they
// take it (one matrix, and for dense a per-column bias with linear, relu or sigmoid), which are faster there, else
// to fusedMatmul (batches, broadcasting, every fused activation). Calls none covers fall through to the kernel tfjs
// registered, which restore() puts back.
//
// tfjs kernel functions are synchronous, so nothing here may wait: a pipeline not yet compiled is started and
// that call falls through; ready() waits for the compiles, after which the same shapes run on stacklab's kernels.
// Outputs are tfjs tensors on buffers from tfjs's own pool, freed when tfjs disposes them; each call's uniform
// lives in a scope of its own, disposed right after its submit.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Engine } from '../gpu/engine.js';
import { EngineError } from '../errors.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import { GpuScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import type { KernelPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { bindTfjs, submitTfjsWork, tf } from '../gpu/tfjsBackend.js';
import { chooseConv2dVariant, conv2dCall, conv2dMisfit, conv2dPipeline, isPointwise } from './conv2d.js';
import { denseForwardCall, denseForwardPipeline } from './dense.js';
import { fusedMatmulCall, fusedMatmulMisfit, fusedMatmulPipeline } from './fusedMatmul.js';
import { chooseMatmulVariant, matmulCall, matmulPipeline } from './matmul.js';
import { planBatched, planConv, planFused, planMatmul, type BatchedPlan, type ConvAttrs, type MatmulPlan, type OperandInfo } from './tfjsDropInCases.js';

/** The drop-in cannot be installed, or a kernel it ran failed on the GPU. */
export class TfjsDropInError extends EngineError {}

/** The tfjs kernels the drop-in answers. */
export type ReplacedKernel = 'BatchMatMul' | '_FusedMatMul' | 'Conv2D' | 'FusedConv2D';
const replaced: readonly ReplacedKernel[] = [tf.BatchMatMul as 'BatchMatMul', tf._FusedMatMul as '_FusedMatMul', tf.Conv2D as 'Conv2D', tf.FusedConv2D as 'FusedConv2D'];
const backendName = 'webgpu';

/** The installed drop-in (useStacklabKernels): counts of what ran where, a wait for pending compiles, and restore(). */
export interface StacklabKernelsHandle {
  /** Calls answered by stacklab's kernels, per tfjs kernel name. */
  readonly calls: Record<ReplacedKernel, number>;
  /** Calls handed to tfjs's own kernel, per reason ("compiling", "activation elu", …). */
  readonly fellThrough: Record<string, number>;
  /** Resolves once every pipeline asked for so far is compiled; rejects with the first GPU error of a kernel run. */
  ready(): Promise<void>;
  /** Puts tfjs's own kernels back. */
  restore(): void;
}

interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: WebGPUBackend;
  attrs?: Record<string, unknown>;
}

/** What a covered call runs: its output shape, and the dispatch writing `out`, once the pipeline is ready. */
interface Work {
  pipelineKey: string;
  compile(): Promise<KernelPipeline>;
  outShape: number[];
  /** The output as the kernel's call checks it: [M, N] for a product, tfjs's own shape for a convolution. */
  outArrayShape: readonly number[];
  build(scope: GpuScope, pipeline: KernelPipeline, operand: (name: string, shape: readonly number[]) => GpuArray, out: GpuArray): KernelCall;
}

let installed: StacklabKernels | null = null;

/** Compiled pipelines by drop-in key, per device: kept across installs, so a re-install answers at once. */
const readyPipelines = new WeakMap<GPUDevice, Map<string, KernelPipeline>>();

class StacklabKernels implements StacklabKernelsHandle {
  readonly calls: Record<ReplacedKernel, number> = { BatchMatMul: 0, _FusedMatMul: 0, Conv2D: 0, FusedConv2D: 0 };
  readonly fellThrough: Record<string, number> = {};
  private readonly pipelines: Map<string, KernelPipeline>;
  private readonly compiling = new Map<string, Promise<void>>();
  private failure: Error | null = null;
  private readonly originals: tf.KernelConfig[];

  constructor(private readonly engine: Engine) {
    if (!readyPipelines.has(engine.device)) readyPipelines.set(engine.device, new Map());
    this.pipelines = readyPipelines.get(engine.device)!;
    this.originals = replaced.map((name) => {
      const original = tf.getKernel(name, backendName);
      if (!original) throw new TfjsDropInError(`tfjs has no ${name} kernel for the ${backendName} backend to replace`);
      return original;
    });
    replaced.forEach((name, i) => {
      tf.unregisterKernel(name, backendName);
      tf.registerKernel({ kernelName: name, backendName, kernelFunc: (args) => this.answer(name, args as unknown as KernelArgs, this.originals[i]) });
    });
  }

  async ready(): Promise<void> {
    while (this.compiling.size) await Promise.all(this.compiling.values());
    if (this.failure) throw this.failure;
  }

  restore(): void {
    if (installed !== this) return;
    for (const original of this.originals) {
      tf.unregisterKernel(original.kernelName, backendName);
      tf.registerKernel(original);
    }
    installed = null;
  }

  private answer(name: ReplacedKernel, args: KernelArgs, original: tf.KernelConfig): tf.TensorInfo | tf.TensorInfo[] {
    if (this.failure) throw this.failure;
    const work = this.engine.device === (args.backend as unknown as { device: GPUDevice }).device ? this.workFor(name, args) : 'another device';
    const pipeline = typeof work === 'string' ? undefined : this.pipelines.get(work.pipelineKey);
    if (typeof work === 'string' || !pipeline) {
      const reason = typeof work === 'string' ? work : this.startCompile(work);
      this.fellThrough[reason] = (this.fellThrough[reason] ?? 0) + 1;
      return original.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    }
    const output = this.dispatch(args, work, pipeline);
    this.calls[name]++;
    return output;
  }

  private workFor(name: ReplacedKernel, { inputs, backend, attrs = {} }: KernelArgs): Work | string {
    // The dtype of the data as the backend stores it, not the tensor's: a cast to a wider type (int32 or bool to
    // float32) only relabels the tensor, its buffer still holds int32 (tfjs's kernels read it so too).
    const stored = (info: tf.TensorInfo | undefined): OperandInfo | undefined => info && { shape: info.shape, dtype: backend.tensorMap.get(info.dataId)?.dtype ?? info.dtype };
    const [a, b, bias, preluActivationWeights] = [inputs.a, inputs.b, inputs.bias, inputs.preluActivationWeights].map(stored);
    if (name === 'Conv2D' || name === 'FusedConv2D') return this.convWork(stored(inputs.x), stored(inputs.filter), bias, preluActivationWeights, attrs as unknown as ConvAttrs);
    if (!a || !b) return 'missing operand';
    const [transposeA, transposeB] = [Boolean(attrs.transposeA), Boolean(attrs.transposeB)];
    const activation = name === 'BatchMatMul' ? 'linear' : String(attrs.activation ?? 'linear');
    const batched = () => this.batchedWork(planBatched(a, b, bias, preluActivationWeights, { transposeA, transposeB, activation, leakyreluAlpha: Number(attrs.leakyreluAlpha ?? 0.2) }));
    if (name === 'BatchMatMul') {
      const plan = planMatmul(a, b, transposeA, transposeB);
      return typeof plan === 'string' ? batched() : this.matmulWork(plan);
    }
    const plan = planFused(a, b, bias, { transposeA, transposeB, activation, prelu: Boolean(preluActivationWeights) });
    if (typeof plan === 'string') return batched();
    if (!('activation' in plan)) return this.matmulWork(plan);
    return {
      pipelineKey: `dense ${plan.activation}`,
      compile: () => denseForwardPipeline(this.engine, plan.activation),
      outShape: plan.outShape,
      outArrayShape: plan.outShape.slice(-2),
      build: (scope, pipeline, operand, out) =>
        denseForwardCall(scope, pipeline, operand('a', plan.aShape), operand('b', plan.bShape), operand('bias', [plan.dims.N]), out, plan.activation),
    };
  }

  private matmulWork(plan: MatmulPlan | string): Work | string {
    if (typeof plan === 'string') return plan;
    const { transposeA, transposeB } = plan;
    const variant = chooseMatmulVariant(plan.dims, { transposeA, transposeB }, this.engine);
    return {
      pipelineKey: `matmul ${variant.name} ${transposeA} ${transposeB}`,
      compile: () => matmulPipeline(this.engine, variant, transposeA, transposeB),
      outShape: plan.outShape,
      outArrayShape: plan.outShape.slice(-2),
      build: (scope, pipeline, operand, out) => matmulCall(scope, pipeline, variant, operand('a', plan.aShape), operand('b', plan.bShape), out, { transposeA, transposeB }),
    };
  }

  private batchedWork(plan: BatchedPlan | string): Work | string {
    if (typeof plan === 'string') return plan;
    const { dims, transposeA, transposeB, activation, leakyreluAlpha } = plan;
    const misfit = fusedMatmulMisfit(this.engine.device.limits, dims, plan.aShape[0], plan.bShape[0]);
    if (misfit) return misfit;
    return {
      pipelineKey: `fusedMatmul ${activation} ${transposeA} ${transposeB}`,
      compile: () => fusedMatmulPipeline(this.engine, activation, transposeA, transposeB),
      outShape: plan.outShape,
      outArrayShape: [dims.batch, dims.M, dims.N],
      build: (scope, pipeline, operand, c) => {
        const operands = {
          a: operand('a', plan.aShape),
          b: operand('b', plan.bShape),
          bias: plan.biasShape && operand('bias', plan.biasShape),
          alpha: plan.alphaShape && operand('preluActivationWeights', plan.alphaShape),
          c,
        };
        return fusedMatmulCall(scope, pipeline, operands, { transposeA, transposeB, activation, leakyreluAlpha });
      },
    };
  }

  private convWork(x: OperandInfo | undefined, filter: OperandInfo | undefined, bias: OperandInfo | undefined, prelu: OperandInfo | undefined, attrs: ConvAttrs): Work | string {
    if (!x || !filter) return 'missing operand';
    const plan = planConv(x, filter, bias, prelu, attrs);
    if (typeof plan === 'string') return plan;
    const { geometry, activation, leakyreluAlpha } = plan;
    const variant = chooseConv2dVariant(geometry);
    const misfit = conv2dMisfit(this.engine.device.limits, geometry, variant);
    if (misfit) return misfit;
    const pointwise = isPointwise(geometry);
    return {
      pipelineKey: `conv2d ${variant.name} ${activation} ${pointwise}`,
      compile: () => conv2dPipeline(this.engine, variant, activation, pointwise),
      outShape: plan.outShape,
      outArrayShape: plan.outShape,
      build: (scope, pipeline, operand, y) => {
        const g = geometry;
        const operands = {
          x: operand('x', [g.batch, g.inHeight, g.inWidth, g.inChannels]),
          filter: operand('filter', [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels]),
          bias: plan.biasShape && operand('bias', plan.biasShape),
          alpha: plan.alphaShape && operand('preluActivationWeights', plan.alphaShape),
          y,
        };
        return conv2dCall(scope, pipeline, variant, geometry, operands, { activation, leakyreluAlpha });
      },
    };
  }

  private startCompile(work: Work): string {
    if (!this.compiling.has(work.pipelineKey)) {
      const done = work
        .compile()
        .then((pipeline) => void this.pipelines.set(work.pipelineKey, pipeline))
        .catch((error: Error) => void (this.failure ??= error))
        .finally(() => this.compiling.delete(work.pipelineKey));
      this.compiling.set(work.pipelineKey, done);
    }
    return 'compiling';
  }

  /** Runs the call on tfjs's buffers: inputs as they are, the output a new tfjs tensor. */
  private dispatch({ inputs, backend }: KernelArgs, work: Work, pipeline: KernelPipeline): tf.TensorInfo {
    const buffer = (info: tf.TensorInfo, what: string): GPUBuffer => {
      backend.uploadToGPU(info.dataId);
      const resource = backend.tensorMap.get(info.dataId).resource;
      if (!(resource instanceof GPUBuffer)) throw new TfjsDropInError(`tfjs keeps ${what} in a texture, not a buffer`);
      return resource;
    };
    const out = backend.makeTensorInfo(work.outShape, 'float32');
    const scope = new GpuScope(this.engine, 'tfjs drop-in call');
    try {
      const operand = (name: string, shape: readonly number[]): GpuArray => ({ buffer: buffer(inputs[name]!, `operand ${name}`), shape, dtype: 'f32', label: `tfjs ${name}` });
      const call = work.build(scope, pipeline, operand, { buffer: buffer(out, 'the output'), shape: work.outArrayShape, dtype: 'f32', label: 'tfjs output' });
      // tfjs's queued work writes our inputs: submit it first. run() submits before its first await, so the
      // call's uniform can be freed at once; GPU errors arrive later and fail the next call and ready().
      submitTfjsWork(backend);
      run(this.engine, call).catch((error: Error) => void (this.failure ??= new TfjsDropInError(`stacklab kernel in tfjs: ${error.message}`)));
      return out;
    } catch (error) {
      backend.disposeData(out.dataId);
      throw error;
    } finally {
      scope.dispose();
    }
  }
}

/**
 * Registers stacklab's kernels as tfjs's BatchMatMul, _FusedMatMul, Conv2D and FusedConv2D on the engine's webgpu backend (binding tfjs
 * to the engine first). One drop-in at a time: restore() the previous handle before installing another.
 */
export async function useStacklabKernels(engine: Engine): Promise<StacklabKernelsHandle> {
  await bindTfjs(engine);
  if (installed) throw new TfjsDropInError('stacklab kernels are already registered in tfjs: restore() the first handle before installing again');
  installed = new StacklabKernels(engine);
  return installed;
}

/** The drop-in when the engine's tfjsKernels setting says stacklab, else null: for experiments running tfjs models. */
export async function stacklabKernelsBySetting(engine: Engine): Promise<StacklabKernelsHandle | null> {
  return engine.settings.tfjsKernels === 'stacklab' ? useStacklabKernels(engine) : null;
}

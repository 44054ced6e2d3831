// Encodes many kernel calls into one command buffer, so a training epoch or a benchmark run is one submit.
import { assertAlive, type Engine } from './engine.js';
import { withErrorScope } from './errorScope.js';
import { DisposedError } from '../errors.js';
import type { KernelCall } from './kernelCall.js';

/** Gives each compute pass its timestamp writes (bench harness, profiler) and resolves them at the end. */
export interface PassTimer {
  /** The timestamp writes for this call's pass, or undefined to leave it untimed. */
  writesFor(call: KernelCall): GPUComputePassTimestampWrites | undefined;
  /** Called once before the Recorder submits: resolve the queries written in this command buffer. */
  resolve(encoder: GPUCommandEncoder): void;
}

/**
 * Records kernel calls and copies into one command encoder and submits them together: one submit per epoch,
 * batch of training steps or timed run instead of one per call. A call whose scope was disposed throws DisposedError;
 * GPU errors come out of `submit()` as GpuKernelError. An optional PassTimer times each pass.
 */
export class Recorder {
  private encoder: GPUCommandEncoder;
  private readonly kernels = new Set<string>();

  constructor(private readonly engine: Engine, private readonly label: string, private readonly timer?: PassTimer) {
    assertAlive(engine);
    this.encoder = engine.device.createCommandEncoder({ label });
  }

  /** One compute pass per call: passes carry the kernel's label into validation messages and traces. */
  dispatch(call: KernelCall): this {
    if (call.owner.disposed) throw new DisposedError(`${call.label}: its scope (${call.owner.label}) was disposed, and its buffers with it`);
    this.kernels.add(call.kernel);
    const pass = this.encoder.beginComputePass({ label: call.label, timestampWrites: this.timer?.writesFor(call) });
    pass.setPipeline(call.pipeline);
    pass.setBindGroup(0, call.bindGroup);
    pass.dispatchWorkgroups(call.workgroups[0], call.workgroups[1], call.workgroups[2]);
    pass.end();
    return this;
  }

  /**
   * Records a buffer-to-buffer copy of `bytes` bytes (offsets in bytes, multiples of 4), in order with the dispatches.
   */
  copy(source: GPUBuffer, target: GPUBuffer, bytes: number, sourceOffset = 0, targetOffset = 0): this {
    this.encoder.copyBufferToBuffer(source, sourceOffset, target, targetOffset, bytes);
    return this;
  }

  /** Submits everything recorded; GPU errors are thrown naming the kernels in this batch. */
  async submit(): Promise<void> {
    assertAlive(this.engine);
    const name = [...this.kernels].join(', ') || this.label;
    await withErrorScope(this.engine, name, () => {
      this.timer?.resolve(this.encoder);
      this.engine.device.queue.submit([this.encoder.finish()]);
    });
    this.encoder = this.engine.device.createCommandEncoder({ label: this.label });
    this.kernels.clear();
  }
}

/** Runs calls now, in order, as one submit. */
export async function run(engine: Engine, ...calls: KernelCall[]): Promise<void> {
  const recorder = new Recorder(engine, calls.map((c) => c.label).join(' + '));
  for (const call of calls) recorder.dispatch(call);
  await recorder.submit();
}

/** Resolves when the GPU has finished all work submitted so far. */
export async function finished(engine: Engine): Promise<void> {
  await engine.device.queue.onSubmittedWorkDone();
  assertAlive(engine);
}

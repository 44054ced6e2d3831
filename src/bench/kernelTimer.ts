// The time of every tfjs kernel one call of a model takes, whoever answers it: tfjs's programs or the drop-in's
// stacklab kernels (which tfjs's own profiler cannot see: they are not tfjs programs). tf.profile runs the call
// with tfjs's kernel timer replaced by ours. With timestamp-query, each kernel's work is fenced by two empty
// compute passes that write a GPU timestamp each, so its time is the GPU clock between them; without, it is the
// wall clock from the kernel's submit (or the previous kernel's completion, whichever is later) to its completion.
// The fences end tfjs's batching of dispatches into one pass, so this is a run of its own, apart from the timed ones.
// tfjs profiles an op with a gradient of its own (fusedConv2d__op…) as a scope around its kernels: a call that holds
// other timed calls is a scope, left out so no time is counted twice.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Engine } from '../gpu/engine.js';
import { submitTfjsWork, tf } from '../gpu/tfjsBackend.js';

/** Which clock a kernel's time was read from. */
export type KernelClock = 'GPU timestamps' | 'wall clock';

/** One tfjs kernel call of a profiled run and its time. */
export interface KernelCallTime {
  /** tfjs's kernel name (Conv2D, _FusedMatMul, Add…). */
  name: string;
  ms: number;
}

/** A profiled run of one call: its kernels in order, the clock they were timed on, and tfjs's tensor bytes. */
export interface ProfiledCall {
  kernels: KernelCallTime[];
  clock: KernelClock;
  /** The most bytes tfjs's tensors held at once during the call. */
  peakTfjsBytes: number;
}

/** What tfjs-core's profiler asks of the backend to time one kernel. */
interface KernelTimer {
  time(kernel: () => void): Promise<{ kernelMs: number }>;
  finish(): Promise<void>;
  dispose(): void;
}

/** WebGPU caps a query set at 4096 queries. */
const queriesPerSet = 4096;

/** Two timestamp fences around each kernel's work; read back once at the end of the run. */
class FenceTimer implements KernelTimer {
  private readonly sets: GPUQuerySet[] = [];
  private written = 0;
  private readonly pending: { begin: number; end: number; resolve: (ms: number) => void }[] = [];

  constructor(private readonly engine: Engine, private readonly backend: WebGPUBackend) {}

  time(kernel: () => void): Promise<{ kernelMs: number }> {
    submitTfjsWork(this.backend);
    const begin = this.fence();
    kernel();
    submitTfjsWork(this.backend);
    const end = this.fence();
    return new Promise((resolve) => this.pending.push({ begin, end, resolve: (kernelMs) => resolve({ kernelMs }) }));
  }

  /** An empty compute pass writing one timestamp, submitted now: it runs after everything submitted before it. */
  private fence(): number {
    const index = this.written++;
    const set = Math.floor(index / queriesPerSet);
    this.sets[set] ??= this.engine.device.createQuerySet({ label: 'bench model kernel fences', type: 'timestamp', count: queriesPerSet });
    const encoder = this.engine.device.createCommandEncoder({ label: 'bench model kernel fence' });
    encoder.beginComputePass({ label: 'bench model kernel fence', timestampWrites: { querySet: this.sets[set], beginningOfPassWriteIndex: index % queriesPerSet } }).end();
    this.engine.device.queue.submit([encoder.finish()]);
    return index;
  }

  async finish(): Promise<void> {
    const bytes = queriesPerSet * 8;
    const stamps: bigint[] = [];
    for (const set of this.sets) {
      const resolved = this.engine.memory.create({ label: 'bench model kernel fences', size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
      const read = this.engine.memory.create({ label: 'bench model kernel fences (read-back)', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      try {
        const encoder = this.engine.device.createCommandEncoder({ label: 'bench model kernel fences (resolve)' });
        encoder.resolveQuerySet(set, 0, queriesPerSet, resolved, 0);
        encoder.copyBufferToBuffer(resolved, 0, read, 0, bytes);
        this.engine.device.queue.submit([encoder.finish()]);
        await read.mapAsync(GPUMapMode.READ);
        stamps.push(...new BigUint64Array(read.getMappedRange().slice(0)));
        read.unmap();
      } finally {
        this.engine.memory.destroy(resolved);
        this.engine.memory.destroy(read);
      }
    }
    for (const { begin, end, resolve } of this.pending.splice(0)) resolve(Number(stamps[end] - stamps[begin]) / 1e6);
  }

  dispose(): void {
    this.sets.forEach((set) => set.destroy());
  }
}

/** Each kernel's submit to its completion on the wall clock, from the previous kernel's completion if that is later. */
class WallTimer implements KernelTimer {
  private previousDone: Promise<number> = Promise.resolve(0);

  constructor(private readonly engine: Engine, private readonly backend: WebGPUBackend) {}

  time(kernel: () => void): Promise<{ kernelMs: number }> {
    submitTfjsWork(this.backend);
    const started = performance.now();
    kernel();
    submitTfjsWork(this.backend);
    const previous = this.previousDone;
    const done = this.engine.device.queue.onSubmittedWorkDone().then(() => performance.now());
    this.previousDone = done;
    return Promise.all([previous, done]).then(([before, after]) => ({ kernelMs: after - Math.max(before, started) }));
  }

  async finish(): Promise<void> {
    await this.previousDone;
  }

  dispose(): void {}
}

type TimedBackend = { time?: unknown; timerAvailable?: unknown };

/**
 * Runs `call` once under tf.profile with every tfjs kernel timed by stacklab (see the file's header) and returns
 * each kernel call's time, in order. tfjs must be bound to the engine (bindTfjs).
 */
export async function profileKernels(engine: Engine, call: () => unknown): Promise<ProfiledCall> {
  const backend = tf.backend() as WebGPUBackend;
  const clock: KernelClock = engine.facts.timestamps ? 'GPU timestamps' : 'wall clock';
  const timer = clock === 'GPU timestamps' ? new FenceTimer(engine, backend) : new WallTimer(engine, backend);
  // tfjs-core's profiler times each kernel through its backend's time(); own properties shadow the class's.
  const timed = backend as unknown as TimedBackend;
  const open: { holdsOthers: boolean }[] = [];
  timed.timerAvailable = () => true;
  timed.time = (kernel: () => void) => {
    const call = { holdsOthers: false };
    open.forEach((outer) => (outer.holdsOthers = true));
    open.push(call);
    try {
      return timer.time(kernel).then((timing) => (call.holdsOthers ? { kernelMs: NaN } : timing));
    } finally {
      open.pop();
    }
  };
  try {
    const info = await tf.profile(async () => {
      await call();
      await timer.finish();
    });
    return {
      kernels: info.kernels.filter((k) => !Number.isNaN(k.kernelTimeMs)).map((k) => ({ name: k.name, ms: k.kernelTimeMs as number })),
      clock,
      peakTfjsBytes: Math.max(0, info.peakBytes),
    };
  } finally {
    delete timed.time;
    delete timed.timerAvailable;
    timer.dispose();
  }
}

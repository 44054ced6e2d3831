// A user kernel's dispatches on given inputs: its outputs and uniform block allocated in the caller's scope, one
// call per entry point with the grid the header's tile gives. Every output starts as NaN, so an element the kernel
// never writes (or adds to instead of writing) cannot pass as a zero; and every output is bound with a guard band
// after its end, filled with a marker NaN, so a write past the end lands there and is seen. (WebGPU clamps an
// out-of-bounds index onto the binding, and the guard is the end of the binding: a clamped write is seen too.)
import type { Engine } from '../../gpu/engine.js';
import { elementCount, readBufferBytes, type GpuArray } from '../../gpu/gpuArray.js';
import type { GpuScope } from '../../gpu/gpuScope.js';
import { groups, makeCall, type KernelCall } from '../../gpu/kernelCall.js';
import type { Dims } from './contracts.js';
import type { UserKernel } from './compile.js';
import { KernelSourceError } from './errors.js';

/** Elements of guard band after each output. */
const guardElements = 64;
/** The guard band's bits: a quiet NaN with a payload no arithmetic produces (NaN results carry 0x7fc00000). */
const guardBits = 0x7fa5a5a5;
/** What an output holds before the kernel runs: NaN, so an element left unwritten or added to stays NaN. */
const unwrittenBits = 0x7fc00000;

/** One output as bound: the contract's shape, then the guard band, in one buffer. */
export interface GuardedOutput {
  /** The output's binding name in the contract (C, Y, dX, …). */
  name: string;
  /** The output alone (a prefix of the buffer): what the reference is compared with. */
  array: GpuArray;
}

export interface UserCalls {
  calls: KernelCall[];
  /** The contract's read_write bindings, in order. */
  outputs: GuardedOutput[];
}

function grid(engine: Engine, kernel: UserKernel, covers: [number, number], role: string): [number, number] {
  const [rows, cols] = covers;
  const counts: [number, number] = [groups(cols, kernel.tile.cols), groups(rows, kernel.tile.rows)];
  const limit = engine.device.limits.maxComputeWorkgroupsPerDimension;
  if (counts.some((n) => n > limit)) {
    throw new KernelSourceError(
      `${kernel.file}: tile=${kernel.tile.rows}x${kernel.tile.cols} needs ${counts[0]}x${counts[1]} workgroups for the ${role} output [${rows}, ${cols}], over this device's ${limit} per dimension; make the tile larger`,
    );
  }
  return counts;
}

function filled(count: number): Float32Array<ArrayBuffer> {
  const bits = new Uint32Array(count + guardElements).fill(unwrittenBits);
  bits.fill(guardBits, count);
  return new Float32Array(bits.buffer);
}

/** Sets every output back to NaN and its guard band to the marker, before a run whose output is checked. */
export function resetOutputs(engine: Engine, outputs: readonly GuardedOutput[]): void {
  for (const { array } of outputs) engine.device.queue.writeBuffer(array.buffer, 0, filled(elementCount(array.shape)));
}

/**
 * One output read back with its guard band in a single copy: the output's values, and the guard band's elements the
 * kernel wrote as offsets past the output's end (0 is the first element after it).
 */
export async function readGuarded(engine: Engine, output: GuardedOutput): Promise<{ values: Float32Array; guardWrites: number[] }> {
  const count = elementCount(output.array.shape);
  const bytes = await readBufferBytes(engine, output.array.buffer, (count + guardElements) * 4, `${output.array.label} guard band`);
  const guard = new Uint32Array(bytes, count * 4);
  const guardWrites: number[] = [];
  guard.forEach((bits, i) => bits !== guardBits && guardWrites.push(i));
  return { values: new Float32Array(bytes, 0, count), guardWrites };
}

/** `inputs` holds the contract's read bindings by name; outputs and the uniform block live in `scope`. */
export function prepareUserCalls(scope: GpuScope, kernel: UserKernel, dims: Dims, inputs: Record<string, GpuArray>): UserCalls {
  const { contract } = kernel;
  const outputs: GuardedOutput[] = [];
  const uniform = scope.uniform(`user kernel ${kernel.name}`, contract.dims.map((name) => dims[name]));
  const bindings = contract.bindings.map((b) => {
    if (b.access === 'uniform') return uniform;
    if (b.access === 'read') return inputs[b.name];
    const shape = b.shape(dims);
    const count = elementCount(shape);
    const whole = scope.array(`user kernel ${kernel.name} ${b.name}`, [count + guardElements], filled(count));
    outputs.push({ name: b.name, array: { ...whole, shape } });
    // The whole buffer is bound: the guard band is inside the binding, where a write past the end lands.
    return whole;
  });
  const calls = contract.entries.map((entry, i) =>
    makeCall(scope, kernel.pipelines[i].pipeline, `${kernel.name} ${kernel.pipelines[i].pipeline.variant}`, bindings, grid(scope.engine, kernel, entry.covers(dims), entry.role)),
  );
  return { calls, outputs };
}

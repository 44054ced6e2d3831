// A user kernel's dispatches on given inputs: its outputs and uniform block allocated in the caller's scope, one
// call per entry point with the grid the header's tile gives.
import type { Engine } from '../../gpu/engine.js';
import type { GpuArray } from '../../gpu/gpuArray.js';
import type { GpuScope } from '../../gpu/gpuScope.js';
import { groups, makeCall, type KernelCall } from '../../gpu/kernelCall.js';
import type { Dims } from './contracts.js';
import type { UserKernel } from './compile.js';
import { KernelSourceError } from './errors.js';

export interface UserCalls {
  calls: KernelCall[];
  /** The contract's read_write bindings, in order. */
  outputs: GpuArray[];
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

/** `inputs` holds the contract's read bindings by name; outputs and the uniform block live in `scope`. */
export function prepareUserCalls(scope: GpuScope, kernel: UserKernel, dims: Dims, inputs: Record<string, GpuArray>): UserCalls {
  const { contract } = kernel;
  const outputs: GpuArray[] = [];
  const uniform = scope.uniform(`user kernel ${kernel.name}`, contract.dims.map((name) => dims[name]));
  const bindings = contract.bindings.map((b) => {
    if (b.access === 'uniform') return uniform;
    if (b.access === 'read') return inputs[b.name];
    const output = scope.array(`user kernel ${kernel.name} ${b.name}`, b.shape(dims));
    outputs.push(output);
    return output;
  });
  const calls = contract.entries.map((entry, i) =>
    makeCall(scope, kernel.pipelines[i].pipeline, `${kernel.name} ${kernel.pipelines[i].pipeline.variant}`, bindings, grid(scope.engine, kernel, entry.covers(dims), entry.role)),
  );
  return { calls, outputs };
}

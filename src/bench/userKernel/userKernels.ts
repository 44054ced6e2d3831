// User kernels in a bench run: each file compiled and checked against the float64 reference once, before any
// case; then, per case of its suite, one Impl named after the file on the case's own input buffers.
import type { Engine } from '../../gpu/engine.js';
import { elementCount, readArray } from '../../gpu/gpuArray.js';
import { concat } from '../../data/concat.js';
import { customImpl } from '../customImpl.js';
import type { Impl } from '../impl.js';
import type { CaseSpec, PreparedCase } from '../suite.js';
import { prepareUserCalls, readGuarded, type GuardedOutput } from './calls.js';
import { checkUserKernel, type KernelCheck } from './check.js';
import { compileUserKernel, type UserKernel } from './compile.js';
import { kernelContracts } from './contracts.js';
import { KernelSourceError } from './errors.js';
import type { UserKernelSource } from './header.js';
import type { Tolerance } from './tolerance.js';

/** Row names the built-in implementations use. */
const reserved = /^(custom|tfjs.*)$/;

/** How the files are checked: more shapes (--check-shapes), the dispatch budget, --tolerance over the headers'. */
export interface KernelCheckOptions {
  checkShapes?: readonly number[][];
  dispatchTimeoutMs?: number;
  tolerance?: Tolerance | 'float32';
}

/** Compiles and checks every file (on its contract's shapes and `checkShapes`) before any case runs. */
export async function loadUserKernels(
  engine: Engine,
  sources: readonly UserKernelSource[],
  suitesRun: readonly string[],
  options: KernelCheckOptions = {},
): Promise<{ kernels: UserKernel[]; checks: KernelCheck[] }> {
  const kernels: UserKernel[] = [];
  const checks: KernelCheck[] = [];
  for (const source of sources) {
    const kernel = await compileUserKernel(engine, source, kernelContracts, options.tolerance);
    if (reserved.test(kernel.name)) throw new KernelSourceError(`${source.file}: rows are named after the file, and "${kernel.name}" is a built-in implementation's name; rename the file`);
    const twin = kernels.find((k) => k.name === kernel.name);
    if (twin) throw new KernelSourceError(`${source.file}: ${twin.file} gives rows the same name "${kernel.name}"; rename one`);
    if (!suitesRun.includes(kernel.suite)) throw new KernelSourceError(`${source.file}: a ${kernel.suite} kernel, but this run's suites are ${suitesRun.join(', ')}`);
    checks.push(await checkUserKernel(engine, kernel, options.checkShapes, options.dispatchTimeoutMs));
    kernels.push(kernel);
  }
  return { kernels, checks };
}

/** Impls for the user kernels of this case's suite; none for cases the contract does not cover. */
export async function userKernelImpls(engine: Engine, kernels: readonly UserKernel[], spec: CaseSpec, prepared: PreparedCase): Promise<Impl[]> {
  const impls: Impl[] = [];
  for (const kernel of kernels.filter((k) => k.suite === spec.suite)) {
    const dims = kernel.contract.caseDims(spec);
    if (!dims || !prepared.operands) continue;
    const operands = prepared.operands;
    let outputs: GuardedOutput[] = [];
    const impl = await customImpl(
      engine,
      kernel.name,
      async (scope) => {
        const calls = prepareUserCalls(scope, kernel, dims, operands);
        outputs = calls.outputs;
        return calls.calls;
      },
      async () => concat(await Promise.all(outputs.map((o) => readArray(engine, o.array)))),
    );
    const outOfBounds = async () => {
      const problems: string[] = [];
      for (const output of outputs) {
        const offsets = (await readGuarded(engine, output)).guardWrites;
        if (offsets.length) problems.push(`out-of-bounds write to ${output.name} at offset +${offsets[0]} past its end (index ${elementCount(output.array.shape) + offsets[0]})`);
      }
      return problems;
    };
    // The pipelines were compiled when the file was loaded: that is this impl's compile phase.
    const launch = { dispatches: impl.launch?.dispatches ?? [], ...(kernel.workgroup ? { workgroupSize: kernel.workgroup } : {}), tile: kernel.tile };
    impls.push({ ...impl, compileMs: kernel.compileMs, tolerance: kernel.tolerance, launch, outOfBounds });
  }
  return impls;
}

// Compiles a user kernel before anything is timed: one module, a pipeline per entry point on an explicit bind
// group layout built from the suite's contract (so a binding the kernel does not read still has its slot, and a
// binding declared with the wrong access is a clear error). Compiler messages read file:line:col.
import type { Engine } from '../../gpu/engine.js';
import { compileShaderModule, type KernelPipeline } from '../../gpu/pipelines.js';
import { specialize } from '../../gpu/wgsl.js';
import type { KernelContract } from './contracts.js';
import { KernelSourceError } from './errors.js';
import { parseHeader, type KernelHeader, type UserKernelSource } from './header.js';
import { constValue, workgroupSizeOf } from './shaderSource.js';
import type { Tolerance } from './tolerance.js';

export interface UserKernel extends Omit<KernelHeader, 'tolerance'> {
  file: string;
  /** The WGSL text as compiled (-D applied), for messages that point into it. */
  code: string;
  /** -D NAME=VALUE applied to the shader's consts. */
  defines: Record<string, number>;
  /** The bound it is checked against: --tolerance, else the header's rtol/atol; null for the float32 bound. */
  tolerance: Tolerance | null;
  contract: KernelContract;
  /** Per entry-point role, in the contract's order. */
  pipelines: { role: string; pipeline: KernelPipeline }[];
  compileMs: number;
}

const bufferType = { read: 'read-only-storage', read_write: 'storage', uniform: 'uniform' } as const;

/** The contract's bindings as WGSL declarations: what a compile or layout error is answered with. */
export function bindingList(contract: KernelContract): string {
  return contract.bindings
    .map((b, i) => `@group(0) @binding(${i}) var${b.access === 'uniform' ? '<uniform>' : `<storage, ${b.access}>`} ${b.name}: ${b.access === 'uniform' ? `Dims /* ${contract.dims.join(', ')}: u32 */` : 'array<f32>'};`)
    .join('\n');
}

function formatMessages(source: UserKernelSource, messages: readonly GPUCompilationMessage[]): string {
  const lines = source.code.split('\n');
  return messages
    .map((m) => {
      const text = lines[m.lineNum - 1];
      const caret = text === undefined ? '' : `\n  ${text}\n  ${' '.repeat(Math.max(0, m.linePos - 1))}^`;
      return `${source.file}:${m.lineNum}:${m.linePos}: ${m.type}: ${m.message}${caret}`;
    })
    .join('\n');
}

async function compileModule(engine: Engine, source: UserKernelSource, label: string): Promise<GPUShaderModule> {
  const { module, errors, moduleError: scopeError } = await compileShaderModule(engine.device, label, source.code);
  if (errors.length) throw new KernelSourceError(`${source.file} does not compile:\n${formatMessages(source, errors)}`);
  if (scopeError) throw new KernelSourceError(`${source.file}:1:1: ${scopeError.message}`);
  return module;
}

/** The header's workgroup= must be the shader's @workgroup_size: the grid is computed from the header. */
function checkWorkgroup(file: string, header: KernelHeader, entryPoint: string, declared: ReturnType<typeof workgroupSizeOf>): void {
  if (!header.workgroup || !declared || declared.size.includes(null)) return;
  if (declared.size.every((n, i) => n === header.workgroup![i])) return;
  const attribute = declared.size.slice(0, declared.size[2] === 1 ? 2 : 3).join(', ');
  throw new KernelSourceError(
    `${file}:${header.line}:1: the header says workgroup=${header.workgroup.slice(0, header.workgroup[2] === 1 ? 2 : 3).join('x')}, ` +
      `but entry point ${entryPoint} has @workgroup_size(${attribute}) at ${file}:${declared.place.line}:${declared.place.col}; make them the same`,
  );
}

function entryName(header: KernelHeader, role: string): string {
  return header.entries[role] ?? role;
}

/** The source with -D NAME=VALUE given to its consts (lines stay where they are); a define naming no const is refused. */
function withDefines(source: UserKernelSource): UserKernelSource {
  const defines = source.defines ?? {};
  for (const name of Object.keys(defines)) {
    if (constValue(source.code, name) === null) throw new KernelSourceError(`${source.file}: -D ${name}=${defines[name]}: the shader has no module-scope "const ${name} = …;" to set`);
  }
  return { file: source.file, code: specialize(source.code, defines, source.file) };
}

/**
 * Compiles a user kernel with its -D values applied. `tolerance` is --tolerance: it wins over the header's
 * rtol/atol, and `float32` restores the default bound. KernelSourceError for any mistake in the file.
 */
export async function compileUserKernel(engine: Engine, given: UserKernelSource, contracts: readonly KernelContract[], tolerance?: Tolerance | 'float32'): Promise<UserKernel> {
  const started = performance.now();
  const source = withDefines(given);
  const header = parseHeader(source, contracts.map((c) => c.suite));
  const contract = contracts.find((c) => c.suite === header.suite)!;
  const label = `user kernel ${header.name}`;
  const module = await compileModule(engine, source, label);
  const layout = engine.device.createBindGroupLayout({
    label,
    entries: contract.bindings.map((b, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: bufferType[b.access] } })),
  });
  const pipelineLayout = engine.device.createPipelineLayout({ label, bindGroupLayouts: [layout] });
  const pipelines: UserKernel['pipelines'] = [];
  for (const { role } of contract.entries) {
    const entryPoint = entryName(header, role);
    if (!new RegExp(`\\bfn\\s+${entryPoint}\\s*\\(`).test(source.code)) {
      const rename = role === 'main' ? 'entry=NAME' : `entry.${role}=NAME`;
      throw new KernelSourceError(`${source.file}:1:1: no entry point "fn ${entryPoint}(" (the ${role} of the ${contract.suite} contract; ${rename} in the header names another)`);
    }
    const declared = workgroupSizeOf(source.code, entryPoint);
    checkWorkgroup(source.file, header, entryPoint, declared);
    try {
      const pipeline = await engine.device.createComputePipelineAsync({ label: `${label} ${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint } });
      pipelines.push({ role, pipeline: { kernel: label, variant: entryPoint, pipeline, layout } });
    } catch (error) {
      const message = (error as Error).message;
      // A workgroup over the device's limits is the attribute's fault: point at it, and leave the bindings out.
      if (/workgroup/i.test(message)) {
        const at = declared ? `${declared.place.line}:${declared.place.col}` : '1:1';
        throw new KernelSourceError(`${source.file}:${at}: the workgroup of entry point ${entryPoint} does not fit this device: ${message.split('\n')[0]}`);
      }
      throw new KernelSourceError(
        `${source.file}: entry point ${entryPoint} does not fit the ${contract.suite} contract: ${message}\nThe contract's bindings (docs/kernels.md):\n${bindingList(contract)}`,
      );
    }
  }
  const bound = tolerance === 'float32' ? null : (tolerance ?? header.tolerance ?? null);
  return { ...header, file: source.file, code: source.code, defines: { ...given.defines }, tolerance: bound, contract, pipelines, compileMs: performance.now() - started };
}

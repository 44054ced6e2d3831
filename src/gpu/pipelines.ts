// Compute pipelines compiled once per device and variant, so no timed or per-batch path ever compiles.
import { assertAlive, type Engine } from './engine.js';
import { GpuKernelError } from '../errors.js';

/** What getPipeline compiles: WGSL text, its entry point and its override constants. */
export interface PipelineSource {
  /** WGSL text, usually a whole shaders/*.wgsl file. */
  code: string;
  /** The `@compute` function to run. */
  entryPoint: string;
  /** Values for the shader's `override` declarations (tile sizes, activation, workgroup size). */
  constants?: Record<string, number>;
}

/** A compute pipeline compiled once per device, kernel and variant, with its bind group layout (group 0). */
export interface KernelPipeline {
  readonly kernel: string;
  /** The cache key within the kernel: everything the source was built from (tile sizes, activation, layout). */
  readonly variant: string;
  readonly pipeline: GPUComputePipeline;
  /** The layout of `@group(0)`, inferred from the shader (`layout: 'auto'`). */
  readonly layout: GPUBindGroupLayout;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<KernelPipeline>>>();

/**
 * The pipeline for `kernel`/`variant` on this engine's device, compiled on first use.
 * `variant` must identify everything `source` depends on: it is the cache key. A shader that does not compile
 * rejects with GpuKernelError (kind `compilation`), and is tried again on the next call.
 */
export function getPipeline(engine: Engine, kernel: string, variant: string, source: () => PipelineSource): Promise<KernelPipeline> {
  assertAlive(engine);
  let perDevice = cache.get(engine.device);
  if (!perDevice) cache.set(engine.device, (perDevice = new Map()));
  const key = `${kernel}|${variant}`;
  let entry = perDevice.get(key);
  if (!entry) {
    entry = compile(engine, kernel, variant, source());
    perDevice.set(key, entry);
    // A failed compile must not poison the cache: the next call tries again and reports again.
    entry.catch(() => perDevice!.delete(key));
  }
  return entry;
}

/** A shader module with its compiler's error messages and any validation error: the caller reports them its way. */
export async function compileShaderModule(
  device: GPUDevice,
  label: string,
  code: string,
): Promise<{ module: GPUShaderModule; errors: GPUCompilationMessage[]; moduleError: GPUError | null }> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const moduleError = await device.popErrorScope();
  return { module, errors: info.messages.filter((m) => m.type === 'error'), moduleError };
}

async function compile(engine: Engine, kernel: string, variant: string, source: PipelineSource): Promise<KernelPipeline> {
  const { device } = engine;
  const label = `${kernel} [${variant}]`;
  const { module, errors, moduleError } = await compileShaderModule(device, label, source.code);
  if (errors.length || moduleError) {
    const detail = errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ') || moduleError!.message;
    throw new GpuKernelError(kernel, 'compilation', detail);
  }
  try {
    const pipeline = await device.createComputePipelineAsync({
      label,
      layout: 'auto',
      compute: { module, entryPoint: source.entryPoint, constants: source.constants },
    });
    return { kernel, variant, pipeline, layout: pipeline.getBindGroupLayout(0) };
  } catch (error) {
    throw new GpuKernelError(kernel, 'compilation', (error as Error).message);
  }
}

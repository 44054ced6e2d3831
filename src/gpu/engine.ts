// One GPUDevice per engine, shared by the custom kernels and by tfjs-backend-webgpu.
import { readAdapterFacts, type AdapterFacts } from './adapterFacts.js';
import { DeviceLostError, NoAdapterError } from './errors.js';
import { GpuMemory } from './gpuMemory.js';
import type { TuningTable } from './tuning.js';

export type HostName = 'node' | 'browser';

export interface Engine {
  readonly host: HostName;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  readonly facts: AdapterFacts;
  /** Every stacklab buffer on this device is made and destroyed through here (see gpuMemory.ts). */
  readonly memory: GpuMemory;
  /** Kernel variants measured fastest on this adapter (`stacklab tune`); null: the heuristics choose. */
  tuning: TuningTable | null;
  /** Set once the device is lost; every later dispatch throws it. */
  lost: DeviceLostError | null;
}

/** Features worth having when offered: GPU timestamps for the bench harness, subgroups for reductions. */
const wantedFeatures: GPUFeatureName[] = ['timestamp-query', 'subgroups' as GPUFeatureName, 'shader-f16'];

export async function openEngine(adapter: GPUAdapter | null, host: HostName): Promise<Engine> {
  if (!adapter) {
    throw new NoAdapterError(
      host === 'node'
        ? 'no WebGPU adapter: install a GPU driver with Vulkan support, or Chromium (apt-get install -y chromium), whose SwiftShader stacklab uses as a CPU fallback'
        : 'no WebGPU adapter in the browser: start Chromium with --enable-unsafe-webgpu (and --use-webgpu-adapter=swiftshader without a GPU), on a page served from http://127.0.0.1',
    );
  }
  const requiredFeatures = wantedFeatures.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const key of [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupStorageSize',
    'maxComputeInvocationsPerWorkgroup',
    'maxComputeWorkgroupSizeX',
    'maxComputeWorkgroupSizeY',
    'maxStorageBuffersPerShaderStage',
  ]) {
    const value = (adapter.limits as unknown as Record<string, number>)[key];
    if (typeof value === 'number') requiredLimits[key] = value;
  }
  const device = await adapter.requestDevice({ label: 'stacklab', requiredFeatures, requiredLimits });
  const engine: Engine = { host, adapter, device, facts: readAdapterFacts(adapter, device), memory: new GpuMemory(device), tuning: null, lost: null };
  device.lost.then((info) => {
    if (info.reason !== 'destroyed') engine.lost = new DeviceLostError(info.reason, info.message);
    else engine.lost = new DeviceLostError('destroyed', 'the engine was closed');
  });
  return engine;
}

export function assertAlive(engine: Engine): void {
  if (engine.lost) throw engine.lost;
}

export function closeEngine(engine: Engine): void {
  engine.device.destroy();
}

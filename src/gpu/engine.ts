// One GPUDevice per engine, shared by the custom kernels and by tfjs-backend-webgpu. The engine opens its own device
// (from navigator.gpu, or from an adapter it is given) or wraps one the caller already has.
import { readAdapterFacts, type AdapterFacts } from './adapterFacts.js';
import { DeviceLostError, NoAdapterError } from '../errors.js';
import { GpuMemory } from './gpuMemory.js';
import type { TuningTable } from './tuning.js';

/** Where the engine runs: Node (Dawn) or a browser page (navigator.gpu). */
export type HostName = 'node' | 'browser';

/** Which kernels run the matrix products of tfjs models inside stacklab's experiments. */
export type TfjsKernels = 'tfjs' | 'stacklab';

/** Which tfjs backend runs convolutional networks in transfer work. */
export type ConvBackendChoice = 'auto' | 'webgpu' | 'wasm';

/**
 * The engine-wide settings every layer reads from the engine, never from the environment: the CLI fills them from
 * STACKLAB_* variables and the browser page from URL parameters, and every result file echoes them.
 */
export interface EngineSettings {
  /** Force one matmul variant (a name from `matmulVariants`) for every shape; `auto` lets the tuned table and the heuristics choose. */
  matmulVariant: string;
  /** The matmuls and convolutions of tfjs models run by stacklab's experiments: tfjs-backend-webgpu's own, or stacklab's drop-in. */
  tfjsKernels: TfjsKernels;
  /** The tfjs backend for convolutional transfer work; `auto` is wasm on a fallback adapter such as SwiftShader, else webgpu. */
  convBackend: ConvBackendChoice;
  /** Where tfjs-backend-wasm loads its .wasm files from (a folder path in Node, a URL in a page); empty: the package's default. */
  tfjsWasmPath: string;
}

/** The settings an engine gets when its opener names none. */
export const defaultEngineSettings: Readonly<EngineSettings> = Object.freeze({
  matmulVariant: 'auto',
  tfjsKernels: 'tfjs',
  convBackend: 'auto',
  tfjsWasmPath: '',
});

/** A GPU device with the bookkeeping every stacklab call needs; open one with `openEngine` (or `openNodeEngine` in Node). */
export interface Engine {
  /** Where this engine runs; the browser page and Node differ in how files and tfjs-backend-wasm are reached. */
  readonly host: HostName;
  /** The one device shared by stacklab's kernels and tfjs (after bindTfjs). */
  readonly device: GPUDevice;
  /** The adapter's own description, as tfjs-backend-webgpu wants it. */
  readonly adapterInfo: GPUAdapterInfo;
  /** The adapter and device as result files record them. */
  readonly facts: AdapterFacts;
  /** How the adapter was found (e.g. `navigator.gpu`, a system Vulkan driver, SwiftShader), for result files. */
  readonly adapterSource: string;
  /** Every stacklab buffer on this device is made and destroyed through here (see gpuMemory.ts). */
  readonly memory: GpuMemory;
  /** Settings the layers above read; change them between calls, not during one. */
  settings: EngineSettings;
  /** Kernel variants measured fastest on this adapter (`stacklab tune`); null: the heuristics choose. */
  tuning: TuningTable | null;
  /** Set once the device is lost; every later dispatch throws it. */
  lost: DeviceLostError | null;
}

/** How `openEngine` gets its device; every field is optional. */
export interface OpenEngineOptions {
  /** A device the caller already has: the engine uses it as it is (its features and limits are the caller's choice). */
  device?: GPUDevice;
  /** The adapter to ask for a device, or the adapter `device` came from (for its info). Default: `gpu.requestAdapter()`. */
  adapter?: GPUAdapter;
  /** The WebGPU entry point to ask for an adapter. Default: `navigator.gpu`. */
  gpu?: GPU;
  /** The adapter to ask for when the engine asks for one. Default: `high-performance`. */
  powerPreference?: GPUPowerPreference;
  /** Settings other than the defaults. */
  settings?: Partial<EngineSettings>;
  /** A table of tuned matmul variants (`stacklab tune`), used for this adapter when it has entries for it. */
  tuning?: TuningTable | null;
  /** How the adapter was found, said in every result file. Default: `navigator.gpu`, or `caller's device`. */
  adapterSource?: string;
  /** Default: `node` when running under Node, else `browser`. */
  host?: HostName;
}

/** Features worth having when offered: GPU timestamps for the bench harness, subgroups for reductions. */
const wantedFeatures: GPUFeatureName[] = ['timestamp-query', 'subgroups' as GPUFeatureName, 'shader-f16'];

/** Limits asked for at the adapter's maximum, so large datasets and tiles fit. */
const wantedLimits = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
];

function currentHost(): HostName {
  return typeof process !== 'undefined' && Boolean(process.versions?.node) ? 'node' : 'browser';
}

function noAdapter(host: HostName, detail = ''): NoAdapterError {
  return new NoAdapterError(
    host === 'node'
      ? 'no WebGPU adapter: install a GPU driver with Vulkan support, or Chromium (apt-get install -y chromium), whose SwiftShader stacklab uses as a CPU fallback; open the engine with openNodeEngine from stacklab/node' +
          detail
      : 'no WebGPU adapter in the browser: start Chromium with --enable-unsafe-webgpu (and --use-webgpu-adapter=swiftshader without a GPU), on a page served from http://127.0.0.1' +
          detail,
  );
}

async function requestDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  const requiredFeatures = wantedFeatures.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const key of wantedLimits) {
    const value = (adapter.limits as unknown as Record<string, number>)[key];
    if (typeof value === 'number') requiredLimits[key] = value;
  }
  return adapter.requestDevice({ label: 'stacklab', requiredFeatures, requiredLimits });
}

/**
 * Opens an engine: on `options.device` as given, else on a device asked of `options.adapter`, else of
 * `navigator.gpu`'s adapter. Throws NoAdapterError when WebGPU has no adapter to give.
 */
export async function openEngine(options: OpenEngineOptions = {}): Promise<Engine> {
  const host = options.host ?? currentHost();
  let device = options.device;
  let adapter = options.adapter;
  if (!device && !adapter) {
    const gpu = options.gpu ?? (globalThis.navigator as Navigator & { gpu?: GPU } | undefined)?.gpu;
    if (!gpu) {
      throw noAdapter(host, host === 'browser' ? ` (navigator.gpu is missing; secure context: ${globalThis.isSecureContext})` : '');
    }
    adapter = (await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' })) ?? undefined;
    if (!adapter) throw noAdapter(host);
  }
  device ??= await requestDevice(adapter!);
  const adapterInfo = adapter?.info ?? (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  if (!adapterInfo) throw noAdapter(host, ' (a device was given without its adapter, and this browser has no GPUDevice.adapterInfo: pass the adapter too)');
  const engine: Engine = {
    host,
    device,
    adapterInfo,
    facts: readAdapterFacts(adapterInfo, device),
    adapterSource: options.adapterSource ?? (options.device ? "caller's device" : 'navigator.gpu'),
    memory: new GpuMemory(device),
    settings: { ...defaultEngineSettings, ...options.settings },
    tuning: options.tuning ?? null,
    lost: null,
  };
  device.lost.then((info) => {
    engine.lost = new DeviceLostError(info.reason, info.reason === 'destroyed' ? 'the engine was closed' : info.message);
  });
  return engine;
}

/** Throws the device-lost error once the device is gone. */
export function assertAlive(engine: Engine): void {
  if (engine.lost) throw engine.lost;
}

/**
 * Destroys the engine's device; every buffer on it goes with it. A lost device is left alone: one lost to a
 * never-ending dispatch (see KernelTimeoutError) would block destroy() until the shader ends.
 */
export function closeEngine(engine: Engine): void {
  if (engine.lost) return;
  engine.device.destroy();
}

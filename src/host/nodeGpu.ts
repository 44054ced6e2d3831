// Node's WebGPU: Dawn from the `webgpu` package. A hardware adapter when the machine has one, else the
// SwiftShader that Debian's chromium package ships, found without any variable set by the user.
import fs from 'node:fs';
import { NoAdapterError } from '../errors.js';

/** Where Chromium packages keep SwiftShader's Vulkan driver and the Vulkan loader it is built against. */
const swiftShaderDirs = ['/usr/lib/chromium', '/usr/lib/chromium-browser', '/usr/lib64/chromium-browser', '/snap/chromium/current/usr/lib/chromium-browser'];

// Fine-grained GPU timestamps: Dawn rounds them to 100 µs unless told not to.
const dawnToggles = ['enable-dawn-features=allow_unsafe_apis', 'disable-dawn-features=timestamp_quantization'];

/**
 * The Dawn feature turned off on SwiftShader, in Node and in Chromium. WGSL zero-fills workgroup memory, and Dawn
 * leaves that to the driver's VK_KHR_zero_initialize_workgroup_memory when it has it. SwiftShader compiles that as
 * one store per element, so a 128×128-tile matmul took seconds to compile. Without the extension, Tint writes the
 * zero-fill into the shader as a short loop, with the same result. Four matmul pipelines compiled in 12.3 s with the
 * extension and 1.1 s without it. Hardware drivers keep the extension.
 */
export const swiftShaderDisabledDawnFeature = 'use_vulkan_zero_initialize_workgroup_memory_extension';
const swiftShaderDawnToggles = [dawnToggles[0], `${dawnToggles[1]},${swiftShaderDisabledDawnFeature}`];
// Said in the adapter source (`info`, every result file's env): timings on SwiftShader depend on it.
const swiftShaderToggleNote = `Dawn feature ${swiftShaderDisabledDawnFeature} off`;

const RTLD_NOW = 2;
const RTLD_GLOBAL = 256;
// glibc's value; Node does not export it. Keeps the loader mapped after process.dlopen gives up on it.
const RTLD_NODELETE = 0x1000;

export interface NodeAdapter {
  gpu: GPU;
  adapter: GPUAdapter;
  /** How the adapter was found, for `stacklab info`. */
  source: string;
}

let installed = false;

type Dawn = typeof import('webgpu');

/** `webgpu` (Dawn) is an optional peer dependency: loaded when an adapter is asked for, so stacklab/node imports without it. */
async function loadDawn(): Promise<Dawn> {
  try {
    return await import('webgpu');
  } catch (error) {
    throw new NoAdapterError(`WebGPU in Node needs the webgpu package (npm install webgpu): ${(error as Error).message}`);
  }
}

/** Puts navigator.gpu and the WebGPU constants (GPUBufferUsage, …) on globalThis, as a browser has them. */
function installWebGpuGlobals(gpu: GPU, globals: Dawn['globals']): void {
  if (!installed) Object.assign(globalThis, globals);
  installed = true;
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: `node ${process.version}` }, configurable: true, writable: true });
}

export async function requestNodeAdapter(powerPreference: GPUPowerPreference = 'high-performance'): Promise<NodeAdapter> {
  process.env.XDG_RUNTIME_DIR ||= '/tmp';
  const chosenDriver = process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES;
  const userChoseDriver = Boolean(chosenDriver);
  const userChoseSwiftShader = /swiftshader/i.test(chosenDriver ?? '');
  const swiftShader = findSwiftShader();
  if (swiftShader && !hasSystemVulkanLoader()) loadVulkanLoader(swiftShader.loader);
  // Child processes inherit the VK_ICD_FILENAMES set below for SwiftShader, and must get its toggles too.
  const { create, globals } = await loadDawn();
  const systemGpu = create(userChoseSwiftShader ? swiftShaderDawnToggles : dawnToggles);
  // Asking with no driver installed only makes Dawn print warnings, so look for one first.
  const system = userChoseDriver || hasSystemVulkanDriver() ? await systemGpu.requestAdapter({ powerPreference }).catch(() => null) : null;
  if (system && (userChoseDriver || !isSoftware(system))) {
    return done(systemGpu, system, globals, userChoseSwiftShader ? `system Vulkan driver (${chosenDriver}); ${swiftShaderToggleNote}` : 'system Vulkan driver');
  }

  if (swiftShader) {
    process.env.VK_ICD_FILENAMES = swiftShader.icd;
    const gpu = create(swiftShaderDawnToggles);
    const adapter = await gpu.requestAdapter({ powerPreference }).catch(() => null);
    if (adapter) return done(gpu, adapter, globals, `SwiftShader from ${swiftShader.icd}; ${swiftShaderToggleNote}`);
  }
  if (system) return done(systemGpu, system, globals, 'system Vulkan driver (software)');
  throw new NoAdapterError(
    'no WebGPU adapter found for Node: install a GPU driver with Vulkan support, or Debian\'s chromium package ' +
      '(apt-get install -y chromium), whose SwiftShader stacklab uses on machines without a GPU' +
      (swiftShader ? ` (SwiftShader at ${swiftShader.icd} was tried and gave no adapter)` : ''),
  );
}

function done(gpu: GPU, adapter: GPUAdapter, globals: Dawn['globals'], source: string): NodeAdapter {
  installWebGpuGlobals(gpu, globals);
  return { gpu, adapter, source };
}

function isSoftware(adapter: GPUAdapter): boolean {
  const info = adapter.info;
  return /swiftshader|llvmpipe|lavapipe|software/i.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
}

const systemLibDirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/usr/local/lib'];

const driverManifestDirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

function hasSystemVulkanDriver(): boolean {
  return driverManifestDirs.some((dir) => fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.json')));
}

function hasSystemVulkanLoader(): boolean {
  return systemLibDirs.some((dir) => fs.existsSync(`${dir}/libvulkan.so.1`));
}

function findSwiftShader(): { icd: string; loader: string } | null {
  for (const dir of swiftShaderDirs) {
    const icd = `${dir}/vk_swiftshader_icd.json`;
    if (fs.existsSync(icd)) return { icd, loader: `${dir}/libvulkan.so.1` };
  }
  return null;
}

/**
 * Dawn opens "libvulkan.so.1" by name. Machines with only Chromium have no system Vulkan loader, so load
 * Chromium's copy first: the dynamic linker then answers Dawn's request with the library already mapped,
 * and that loader still finds any hardware driver installed on the system.
 */
function loadVulkanLoader(path: string): void {
  if (!fs.existsSync(path)) return;
  try {
    process.dlopen({ exports: {} }, path, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
  } catch {
    // process.dlopen always complains that a plain shared library is not a Node addon; the mapping stays.
  }
}

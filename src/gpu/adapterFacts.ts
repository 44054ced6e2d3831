// What every result file says about the GPU that produced it, so no number is read without its adapter.

/**
 * The adapter and device as every result file records them: the adapter's own strings, the device's features and
 * limits as granted, and what the kernels may use (timestamps, subgroups).
 */
export interface AdapterFacts {
  /** From GPUAdapterInfo; any of these four may be empty, as the browser chooses. */
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /**
   * A CPU emulation (SwiftShader, llvmpipe, WARP, …), flagged or recognized by name: its timings say nothing about GPUs.
   */
  isFallbackAdapter: boolean;
  /** The device's features, sorted. */
  features: string[];
  /** Every numeric limit of the device, as granted (stacklab asks for the adapter's maximum of the ones it needs). */
  limits: Record<string, number>;
  /** Timestamp queries were requested and granted on the engine's device. */
  timestamps: boolean;
  /** Subgroup sizes when the device has the `subgroups` feature and the adapter says its sizes; null otherwise. */
  subgroups: { min: number; max: number } | null;
}

/** The facts of a device and the adapter it came from. */
export function readAdapterFacts(info: GPUAdapterInfo, device: GPUDevice): AdapterFacts {
  const limits: Record<string, number> = {};
  // GPUSupportedLimits keeps its values on the prototype as getters, so Object.keys sees nothing.
  for (const key in device.limits) {
    const value = (device.limits as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') limits[key] = value;
  }
  const subgroupInfo = info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
  // The adapter's name is checked too, so a software driver that does not flag itself is still reported as one.
  const softwareName = /swiftshader|llvmpipe|lavapipe|software|warp/i;
  const isFallback =
    Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
    softwareName.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: isFallback,
    features: [...device.features].sort(),
    limits,
    timestamps: device.features.has('timestamp-query'),
    subgroups:
      device.features.has('subgroups') && subgroupInfo.subgroupMinSize
        ? { min: subgroupInfo.subgroupMinSize, max: subgroupInfo.subgroupMaxSize ?? subgroupInfo.subgroupMinSize }
        : null,
  };
}

/**
 * One line naming the adapter, printed at the top of every command's output; a fallback adapter is said to be one.
 * Takes the facts a result's env keeps too, so a run in the page is described like one here.
 */
export function adapterLine(facts: Pick<AdapterFacts, 'vendor' | 'architecture' | 'device' | 'description' | 'isFallbackAdapter'>): string {
  const name = [facts.vendor, facts.architecture, facts.description || facts.device].filter(Boolean).join(' / ');
  return `adapter: ${name}${facts.isFallbackAdapter ? ' (fallback: CPU emulation, timings say nothing about GPUs)' : ''}`;
}

// The `env` block of every result file: which GPU, host, versions and flags produced the numbers.
import type { AdapterFacts } from '../gpu/adapterFacts.js';
import type { Engine } from '../gpu/engine.js';
import { allFlags, type Flags } from '../flags.js';
import { tf } from '../gpu/tfjsBackend.js';

declare const STACKLAB_VERSION: string | undefined;

export interface ResultEnv {
  host: 'node' | 'browser';
  adapter: Pick<AdapterFacts, 'vendor' | 'architecture' | 'device' | 'description' | 'isFallbackAdapter'>;
  adapterSource: string;
  features: string[];
  limits: Record<string, number>;
  engine: { name: 'stacklab'; version: string; tfjs: string };
  node?: string;
  chrome?: string;
  userAgent?: string;
  flags: Flags;
  /**
   * stacklab's own GPU buffers when the env was taken (after the command's work): live (made minus destroyed) and
   * the peak since the engine opened. tfjs-backend-webgpu's buffer pool on the same device is not included.
   */
  liveGpuBuffers: number;
  liveGpuBytes: number;
  peakGpuBytes: number;
  gitCommit?: string;
  date: string;
}

export function resultEnv(engine: Engine, adapterSource: string, extra: Partial<ResultEnv> = {}): ResultEnv {
  const f = engine.facts;
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  return {
    host: engine.host,
    adapter: { vendor: f.vendor, architecture: f.architecture, device: f.device, description: f.description, isFallbackAdapter: f.isFallbackAdapter },
    adapterSource,
    features: f.features,
    limits: f.limits,
    engine: { name: 'stacklab', version: typeof STACKLAB_VERSION === 'string' ? STACKLAB_VERSION : 'dev', tfjs: tf.version.tfjs },
    ...(isNode ? { node: process.version } : { userAgent: navigator.userAgent }),
    flags: allFlags(),
    ...engine.memory.counts(),
    date: new Date().toISOString(),
    ...extra,
  };
}

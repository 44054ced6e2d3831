// The `env` block of every result file: which GPU, host, versions, settings and flags produced the numbers.
import type { AdapterFacts } from '../gpu/adapterFacts.js';
import type { Engine, EngineSettings } from '../gpu/engine.js';
import { tf } from '../gpu/tfjsBackend.js';

declare const STACKLAB_VERSION: string | undefined;

/** Which GPU, host, versions, settings and flags made a result: no number is read without it. */
export interface ResultEnv {
  /** Where the engine ran. */
  host: 'node' | 'browser';
  /** The adapter's own strings, and whether it is a fallback (CPU) one. */
  adapter: Pick<AdapterFacts, 'vendor' | 'architecture' | 'device' | 'description' | 'isFallbackAdapter'>;
  /** How the adapter was found (Engine.adapterSource). */
  adapterSource: string;
  /** The device's features and limits, as granted. */
  features: string[];
  limits: Record<string, number>;
  /** stacklab's version (`dev` outside a build) and tfjs's. */
  engine: { name: 'stacklab'; version: string; tfjs: string };
  /** Node's version; set in Node only. */
  node?: string;
  /** Chrome's version, when the run was in a page driven from Node (the browser host). */
  chrome?: string;
  /** The page's user agent; set in a browser only. */
  userAgent?: string;
  /** The engine's settings when the env was taken. */
  settings: EngineSettings;
  /** The caller's own switches (the CLI's STACKLAB_* flags, a page's URL parameters): empty when it has none. */
  flags: Record<string, unknown>;
  /**
   * stacklab's own GPU buffers when the env was taken (after the command's work): live (made minus destroyed) and
   * the peak since the engine opened. tfjs-backend-webgpu's buffer pool on the same device is not included.
   */
  liveGpuBuffers: number;
  liveGpuBytes: number;
  peakGpuBytes: number;
  /** The commit of the working tree that ran (with `-dirty` for local changes), when known. */
  gitCommit?: string;
  /** When the env was taken, ISO 8601. */
  date: string;
}

/** The env block for a result made on this engine now; `extra` adds or replaces fields (flags, gitCommit, …). */
export function resultEnv(engine: Engine, extra: Partial<ResultEnv> = {}): ResultEnv {
  const f = engine.facts;
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  return {
    host: engine.host,
    adapter: { vendor: f.vendor, architecture: f.architecture, device: f.device, description: f.description, isFallbackAdapter: f.isFallbackAdapter },
    adapterSource: engine.adapterSource,
    features: f.features,
    limits: f.limits,
    engine: { name: 'stacklab', version: typeof STACKLAB_VERSION === 'string' ? STACKLAB_VERSION : 'dev', tfjs: tf.version.tfjs },
    ...(isNode ? { node: process.version } : { userAgent: navigator.userAgent }),
    settings: { ...engine.settings },
    flags: {},
    ...engine.memory.counts(),
    date: new Date().toISOString(),
    ...extra,
  };
}

// Proof that frozen means frozen: a hash of the exact float32 bytes of every weight and moving statistic of the
// frozen layers, taken before and after training. Any change to any bit changes the hash.
import { tf } from '../gpu/tfjsBackend.js';

export interface WeightFingerprint {
  /** The layer-scoped variable name as saved, e.g. `hidden_1/kernel` or `bn1/moving_mean` (stable across loads). */
  name: string;
  /** FNV-1a (64-bit) of the float32 bytes, hex. */
  hash: string;
}

function fnv1a64(bytes: Uint8Array): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * prime) & mask;
  return hash.toString(16).padStart(16, '0');
}

export function fingerprintValues(name: string, values: Float32Array): WeightFingerprint {
  return { name, hash: fnv1a64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) };
}

/** Fingerprints of every variable (trainable or not) of these layers, BatchNorm moving statistics included. */
export async function fingerprintLayers(layers: readonly tf.layers.Layer[]): Promise<WeightFingerprint[]> {
  const out: WeightFingerprint[] = [];
  for (const layer of layers) {
    for (const weight of layer.weights) {
      out.push(fingerprintValues(weight.originalName, (await weight.read().data()) as Float32Array));
    }
  }
  return out;
}

export interface FingerprintComparison {
  unchanged: boolean;
  /** Names of the variables whose bytes changed (or that appeared or vanished). */
  changed: string[];
}

export function compareFingerprints(before: readonly WeightFingerprint[], after: readonly WeightFingerprint[]): FingerprintComparison {
  const was = new Map(before.map((f) => [f.name, f.hash]));
  const now = new Map(after.map((f) => [f.name, f.hash]));
  const changed = [...new Set([...was.keys(), ...now.keys()])].filter((name) => was.get(name) !== now.get(name));
  return { unchanged: changed.length === 0, changed };
}

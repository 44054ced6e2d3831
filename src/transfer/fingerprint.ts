// Proof that frozen means frozen: a hash of the exact float32 bytes of every weight and moving statistic of the
// frozen layers, taken before and after training. Any change to any bit changes the hash.
import { tf } from '../gpu/tfjsBackend.js';

export interface WeightFingerprint {
  /** The layer-scoped variable name as saved, e.g. `hidden_1/kernel` or `bn1/moving_mean` (stable across loads). */
  name: string;
  /** A 64-bit hash of the float32 words, hex (see hash64). */
  hash: string;
}

/**
 * Two 32-bit FNV-1a-style lanes over the 32-bit words (xor, then multiply by an odd constant): each step is a
 * bijection of the lane for a given word, so changing any one word always changes the hash. Word-wise with
 * Math.imul rather than byte-wise BigInt: a MobileNet's 14 MB hash in milliseconds, not seconds.
 */
function hash64(words: Uint32Array): string {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(((b ^ words[i]) + i) | 0, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function fingerprintValues(name: string, values: Float32Array): WeightFingerprint {
  return { name, hash: hash64(new Uint32Array(values.buffer, values.byteOffset, values.length)) };
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

// --memory-budget: how many bytes of activations a training pass may hold (the library sizes its micro-batches to
// it). By default a quarter of this machine's memory: the rest stays for the data, the weights, the feature cache,
// and whatever else the machine runs. The library bounds it further by what its backend holds (the wasm heap, a GPU
// device's buffer limits).
import os from 'node:os';
import { BadInputError } from '../node.js';

/** The default budget: a quarter of the machine's memory. */
export function machineMemoryBudget(): number {
  return Math.floor(os.totalmem() / 4);
}

const units: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** A byte size such as 3G, 1.5GiB, 800M or 1073741824 (K, M, G, T in binary units). */
export function byteSize(name: string) {
  return (value: string): number => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
    const bytes = match ? Number(match[1]) * units[match[2].toLowerCase()] : NaN;
    if (!(bytes >= 1)) throw new BadInputError(`${name} must be a size such as 2G, 1500M or a number of bytes, got "${value}"`);
    return Math.floor(bytes);
  };
}

/** A size for people: 2.0 GiB, 512 MiB. */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

// The shuffled row order of one epoch. Both implementations (custom kernels and tfjs) take their batches in this
// order, so their loss curves from the same initial weights can be compared batch for batch.
import { permutation, seededRandom } from '../data/random.js';

export function epochOrder(rows: number, seed: number, epoch: number): Uint32Array {
  return permutation(rows, seededRandom((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0));
}

/** Batch sizes of an epoch: full batches, then the remainder (as model.fit takes them). */
export function batchSizes(rows: number, batchSize: number): number[] {
  const sizes = new Array<number>(Math.floor(rows / batchSize)).fill(batchSize);
  if (rows % batchSize) sizes.push(rows % batchSize);
  return sizes;
}

// The shuffled row order of one epoch. Both implementations (custom kernels and tfjs) take their batches in this
// order, so their loss curves from the same initial weights can be compared batch for batch.
import { permutation, seededRandom } from '../data/random.js';

export function epochOrder(rows: number, seed: number, epoch: number): Uint32Array {
  return permutation(rows, epochRandom(seed, epoch));
}

function epochRandom(seed: number, epoch: number) {
  return seededRandom((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);
}

/**
 * An epoch of `labels.length` rows drawn with replacement so that every class present is drawn equally often in
 * expectation: `--class-weight balanced` by resampling, which in expectation weights each row's loss by
 * rows / (classes · rows of its class), as scikit-learn's class_weight="balanced" does.
 */
export function balancedEpochOrder(labels: Uint32Array, seed: number, epoch: number): Uint32Array {
  const byClass = new Map<number, number[]>();
  for (let r = 0; r < labels.length; r++) {
    const rows = byClass.get(labels[r]);
    if (rows) rows.push(r);
    else byClass.set(labels[r], [r]);
  }
  const classes = [...byClass.values()];
  const random = epochRandom(seed, epoch);
  const order = new Uint32Array(labels.length);
  for (let i = 0; i < order.length; i++) {
    const rows = classes[random.int(classes.length)];
    order[i] = rows[random.int(rows.length)];
  }
  return order;
}

/** Batch sizes of an epoch: full batches, then the remainder (as model.fit takes them). */
export function batchSizes(rows: number, batchSize: number): number[] {
  const sizes = new Array<number>(Math.floor(rows / batchSize)).fill(batchSize);
  if (rows % batchSize) sizes.push(rows % batchSize);
  return sizes;
}

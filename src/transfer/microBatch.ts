// The micro-batch of a training step: as many rows as the memory budget holds by the activation estimate, never more
// than the mini-batch, split evenly (32 rows at most 10 a pass → 4 passes of 8), and within what the tfjs backend
// itself can hold: the wasm backend's heap (a 32-bit wasm memory: it cannot grow past 4 GiB, and a kernel that needs
// more dies with "memory access out of bounds"), and a WebGPU device's largest buffer.
import { tf } from '../gpu/tfjsBackend.js';
import type { ActivationEstimate } from './activationMemory.js';
import { TransferOptionError } from './errors.js';

/** Largest size tfjs-backend-wasm 4.22's memory can grow to (its emscripten heap maximum). */
export const wasmHeapBytes = 4294901760;
/**
 * The share of the wasm heap training activations may take: the rest holds the weights, Adam's moments, the inputs
 * and what the other phases (feature extraction, scoring) left in a heap that never shrinks.
 */
const wasmActivationShare = 0.5;

/** How the micro-batch of one training was chosen (recorded per run in the JSON). */
export interface MicroBatchChoice {
  /** Rows per forward and backward pass. */
  microBatch: number;
  /** Rows per optimizer step (the mini-batch, at most the rows drawn); its micro-batches' gradients are summed. */
  batchSize: number;
  /** Micro-batches per optimizer step. */
  passes: number;
  /** Estimated activation bytes per example (activationMemory.ts). */
  bytesPerExample: number;
  /** The bytes a micro-batch's activations were allowed in all: the budget, or the wasm heap's share when smaller (a GPU
   * buffer limit bounds one tensor, not the total, and shows in limitedBy). */
  budgetBytes: number | null;
  /** What set the micro-batch: the whole batch fit, the budget, the wasm heap, or a GPU buffer limit. */
  limitedBy: 'batch' | 'budget' | 'wasm heap' | 'GPU buffer limit';
}

type Bound = Exclude<MicroBatchChoice['limitedBy'], 'batch'>;

/** Bytes the current tfjs backend can hold at most, per bound: activations in all, and one tensor. */
function backendBounds(): { heapBytes: number; tensorBytes: number } {
  const backend = tf.getBackend();
  if (backend === 'wasm') return { heapBytes: wasmHeapBytes * wasmActivationShare, tensorBytes: Infinity };
  if (backend === 'webgpu') {
    const { limits } = (tf.backend() as unknown as { device: GPUDevice }).device;
    return { heapBytes: Infinity, tensorBytes: Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize) };
  }
  return { heapBytes: Infinity, tensorBytes: Infinity };
}

/** Bytes in whole MiB, for messages and log lines about activation memory. */
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * The micro-batch for mini-batches of `batchSize` rows of model `name` with this activation estimate, within
 * `budgetBytes` (undefined: only the backend's bounds). A budget below one example still trains one row at a time;
 * a backend that cannot hold one example is refused up front (TransferOptionError), since no budget helps.
 */
export function chooseMicroBatch(batchSize: number, estimate: ActivationEstimate, budgetBytes: number | undefined, name: string): MicroBatchChoice {
  const { heapBytes, tensorBytes } = backendBounds();
  const rowsWithin: [Bound, number][] = [
    ['budget', Math.floor((budgetBytes ?? Infinity) / estimate.bytesPerExample)],
    ['wasm heap', Math.floor(heapBytes / estimate.bytesPerExample)],
    ['GPU buffer limit', Math.floor(tensorBytes / estimate.largestOutputBytesPerExample)],
  ];
  const backendRows = Math.min(rowsWithin[1][1], rowsWithin[2][1]);
  if (backendRows < 1) {
    throw new TransferOptionError(
      '--image',
      `one example through "${name}" needs about ${mib(estimate.bytesPerExample)} of activations to train (largest layer output ${mib(estimate.largestOutputBytesPerExample)}), more than the ${tf.getBackend()} backend holds (${mib(Math.min(heapBytes, tensorBytes))}); use smaller input images, a later --cut, or --methods frozen`,
    );
  }
  const [bound, rows] = rowsWithin.reduce((a, b) => (b[1] < a[1] ? b : a));
  const passes = rows >= batchSize ? 1 : Math.ceil(batchSize / Math.max(1, rows));
  const budget = Math.min(budgetBytes ?? Infinity, heapBytes);
  return {
    microBatch: Math.ceil(batchSize / passes),
    batchSize,
    passes,
    bytesPerExample: estimate.bytesPerExample,
    budgetBytes: budget === Infinity ? null : budget,
    limitedBy: rows >= batchSize ? 'batch' : bound,
  };
}

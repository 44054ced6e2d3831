// Batched nearest-neighbour search for kNN: the reference rows live on the GPU in chunks, and queries go through in
// batches, so no buffer (a chunk, a batch, a [batch × chunk] distance tile) passes the device's limits, however many
// rows there are. Each tile gives each query its k nearest in that chunk; the host merges chunks (k is small).
import type { Engine } from '../gpu/engine.js';
import { createArray, destroyArray, readArray, readArrayU32, type GpuArray } from '../gpu/gpuArray.js';
import { withScope } from '../gpu/gpuScope.js';
import { run } from '../gpu/recorder.js';
import { prepareSquaredDistances } from '../kernels/distance.js';
import { prepareTopK } from '../kernels/topk.js';
import type { Matrix } from './learner.js';

/** The most bytes a distance tile takes when the device would allow more: larger tiles only cost host memory on a CPU adapter. */
const defaultTileBytes = 256 * 1024 * 1024;

/** The largest buffer kNN makes on this device by default: the binding and buffer limits, and the tile budget. */
export function defaultBatchBytes(engine: Engine): number {
  const { maxStorageBufferBindingSize, maxBufferSize } = engine.device.limits;
  return Math.min(maxStorageBufferBindingSize, maxBufferSize, defaultTileBytes);
}

/** Reference rows uploaded as chunks of at most `chunkRows` rows each; searches keep every buffer within `maxBytes`. */
export interface ReferenceChunks {
  readonly chunks: readonly GpuArray[];
  readonly chunkRows: number;
  readonly cols: number;
  readonly maxBytes: number;
}

/** Rows per reference chunk: within `maxBytes`, and small enough that a tile still holds a useful batch of queries. */
function chunkRowsFor(rows: number, cols: number, maxBytes: number): number {
  const minQueries = 64;
  return Math.max(1, Math.min(rows, Math.floor(maxBytes / (4 * Math.max(cols, minQueries)))));
}

/** Uploads `x` as reference chunks, none over `maxBytes` (the bound nearestNeighbours keeps its buffers within too). */
export function uploadReferences(engine: Engine, x: Matrix, maxBytes: number): ReferenceChunks {
  const chunkRows = chunkRowsFor(x.rows, x.cols, maxBytes);
  const chunks: GpuArray[] = [];
  for (let start = 0; start < x.rows; start += chunkRows) {
    const end = Math.min(x.rows, start + chunkRows);
    chunks.push(createArray(engine, `knn reference rows ${start}…${end - 1}`, [end - start, x.cols], x.features.subarray(start * x.cols, end * x.cols)));
  }
  return { chunks, chunkRows, cols: x.cols, maxBytes };
}

/** Frees the chunks' buffers. */
export function destroyReferences(refs: ReferenceChunks): void {
  for (const chunk of refs.chunks) destroyArray(chunk);
}

/**
 * The `k` nearest reference rows of each query row (indices into the references, ascending by squared distance,
 * ties to the lower index), with their squared distances; both [queries.rows, k] row-major. No buffer exceeds the
 * references' `maxBytes`.
 */
export async function nearestNeighbours(engine: Engine, refs: ReferenceChunks, queries: Matrix, k: number): Promise<{ indices: Uint32Array; squared: Float32Array }> {
  const F = queries.cols;
  const batchRows = Math.max(1, Math.min(queries.rows, Math.floor(refs.maxBytes / (4 * Math.max(F, refs.chunkRows)))));
  const indices = new Uint32Array(queries.rows * k);
  const squared = new Float32Array(queries.rows * k).fill(Infinity);
  for (let start = 0; start < queries.rows; start += batchRows) {
    const rows = Math.min(batchRows, queries.rows - start);
    await withScope(engine, 'knn query batch', async (scope) => {
      const batch = scope.array('knn queries', [rows, F], queries.features.subarray(start * F, (start + rows) * F));
      for (const [c, chunk] of refs.chunks.entries()) {
        const R = chunk.shape[0];
        const kc = Math.min(k, R);
        // One tile at a time: its distances are freed before the next chunk's are made.
        await withScope(engine, 'knn tile', async (tile) => {
          const distances = tile.array('knn squared distances', [rows, R]);
          const near = tile.array('knn neighbour indices', [rows, kc], undefined, 'u32');
          const values = tile.array('knn neighbour squared distances', [rows, kc]);
          await run(engine, ...(await prepareSquaredDistances(tile, batch, chunk, distances)), await prepareTopK(tile, distances, kc, near, values));
          const [chunkIndices, chunkValues] = await Promise.all([readArrayU32(engine, near), readArray(engine, values)]);
          mergeNearest(indices, squared, start, rows, k, chunkIndices, chunkValues, kc, c * refs.chunkRows);
        });
      }
    });
  }
  return { indices, squared };
}

/**
 * Merges a chunk's `kc` nearest per query (ascending) into the running `k` nearest of rows start…start+rows−1.
 * Chunks come in index order, so on equal distances the running entry (a lower index) stays first.
 */
function mergeNearest(indices: Uint32Array, squared: Float32Array, start: number, rows: number, k: number, chunkIndices: Uint32Array, chunkValues: Float32Array, kc: number, offset: number): void {
  const keptIndices = new Uint32Array(k);
  const keptValues = new Float32Array(k);
  for (let r = 0; r < rows; r++) {
    const at = (start + r) * k;
    let [a, b] = [0, 0];
    for (let t = 0; t < k; t++) {
      if (b < kc && (a >= k || chunkValues[r * kc + b] < squared[at + a])) {
        keptIndices[t] = chunkIndices[r * kc + b] + offset;
        keptValues[t] = chunkValues[r * kc + b];
        b++;
      } else {
        keptIndices[t] = indices[at + a];
        keptValues[t] = squared[at + a];
        a++;
      }
    }
    indices.set(keptIndices, at);
    squared.set(keptValues, at);
  }
}

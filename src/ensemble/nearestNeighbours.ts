// Batched nearest-neighbour search for kNN: the reference rows live on the GPU in chunks, and queries go through in
// batches, so no buffer (a chunk, a batch) passes the device's limits, however many rows there are. The fused
// nearest kernel gives each query its k nearest in a chunk in one pass; the host merges chunks (k is small).
import type { Engine } from '../gpu/engine.js';
import { createArray, destroyArray, leadingEntries, readArray, readArrayU32, writeArray, type GpuArray } from '../gpu/gpuArray.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { withScope } from '../gpu/gpuScope.js';
import { run } from '../gpu/recorder.js';
import { BadInputError } from '../errors.js';
import { prepareNearest } from '../kernels/nearest.js';
import type { Matrix } from './learner.js';

/** The most bytes one reference chunk takes when the device would allow more. */
const defaultChunkBytes = 256 * 1024 * 1024;

/** The largest buffer kNN makes on this device by default: the binding and buffer limits, and the chunk budget. */
export function defaultBatchBytes(engine: Engine): number {
  const { maxStorageBufferBindingSize, maxBufferSize } = engine.device.limits;
  return Math.min(maxStorageBufferBindingSize, maxBufferSize, defaultChunkBytes);
}

/** Reference rows uploaded as chunks of at most `chunkRows` rows each; searches keep every buffer within `maxBytes`. */
export interface ReferenceChunks {
  readonly chunks: readonly GpuArray[];
  readonly chunkRows: number;
  readonly cols: number;
  readonly maxBytes: number;
}

/** Uploads `x` as reference chunks, none over `maxBytes` (the bound nearestNeighbours keeps its buffers within too). */
export async function uploadReferences(engine: Engine, x: Matrix, maxBytes: number): Promise<ReferenceChunks> {
  const chunkRows = Math.max(1, Math.min(x.rows, Math.floor(maxBytes / (4 * x.cols))));
  const chunks: GpuArray[] = [];
  try {
    for (let start = 0; start < x.rows; start += chunkRows) {
      const end = Math.min(x.rows, start + chunkRows);
      chunks.push(createArray(engine, `knn reference rows ${start}…${end - 1}`, [end - start, x.cols], x.features.subarray(start * x.cols, end * x.cols)));
    }
  } catch (error) {
    chunks.forEach(destroyArray);
    throw error;
  }
  return { chunks, chunkRows, cols: x.cols, maxBytes };
}

/** Frees the chunks' buffers. */
export function destroyReferences(refs: ReferenceChunks): void {
  for (const array of refs.chunks) destroyArray(array);
}

/** One chunk's search for a batch of queries: its prepared call, and the k nearest it leaves in the chunk's outputs. */
interface ChunkSearch {
  call: KernelCall;
  near: GpuArray;
  values: GpuArray;
}

/** The index the nearest kernel leaves where no reference had a finite distance. */
const noNeighbour = 0xffffffff;

/** Queries per submit at most: enough to keep a GPU busy, few enough that a CPU adapter returns between batches. */
const maxBatchQueries = 8192;

/**
 * The `k` nearest reference rows of each query row (indices into the references, ascending by squared distance,
 * ties to the lower index), with their squared distances; both [queries.rows, k] row-major. No buffer exceeds the
 * references' `maxBytes`. Each chunk is searched by the fused nearest kernel (distances and top-k in one pass, no
 * distance matrix); the buffers are made once per search and each query batch is written into the same one, one
 * submit per batch.
 */
export async function nearestNeighbours(engine: Engine, refs: ReferenceChunks, queries: Matrix, k: number): Promise<{ indices: Uint32Array; squared: Float32Array }> {
  const F = queries.cols;
  const batchRows = Math.max(1, Math.min(queries.rows, maxBatchQueries, Math.floor(refs.maxBytes / (4 * Math.max(F, k)))));
  const indices = new Uint32Array(queries.rows * k);
  const squared = new Float32Array(queries.rows * k).fill(Infinity);
  await withScope(engine, 'knn search', async (scope) => {
    const batch = scope.array('knn queries', [batchRows, F]);
    const outputs = refs.chunks.map((chunk, c) => {
      const kc = Math.min(k, chunk.shape[0]);
      return { near: scope.array(`knn neighbour indices (chunk ${c + 1})`, [batchRows, kc], undefined, 'u32'), values: scope.array(`knn neighbour squared distances (chunk ${c + 1})`, [batchRows, kc]) };
    });
    // A full batch and the last, shorter one: calls prepared once for each size, views of the leading rows.
    const prepared = new Map<number, ChunkSearch[]>();
    const searchesFor = async (rows: number): Promise<ChunkSearch[]> => {
      const known = prepared.get(rows);
      if (known) return known;
      const queriesView = leadingEntries(batch, rows);
      const searches = await Promise.all(
        refs.chunks.map(async (chunk, c) => {
          const near = leadingEntries(outputs[c].near, rows);
          const values = leadingEntries(outputs[c].values, rows);
          return { call: await prepareNearest(scope, queriesView, chunk, near.shape[1], near, values), near, values };
        }),
      );
      prepared.set(rows, searches);
      return searches;
    };
    for (let start = 0; start < queries.rows; start += batchRows) {
      const rows = Math.min(batchRows, queries.rows - start);
      const searches = await searchesFor(rows);
      writeArray(engine, leadingEntries(batch, rows), queries.features.subarray(start * F, (start + rows) * F));
      await run(engine, ...searches.map((search) => search.call));
      for (const [c, search] of searches.entries()) {
        const [chunkIndices, chunkValues] = await Promise.all([readArrayU32(engine, search.near), readArray(engine, search.values)]);
        const short = chunkIndices.indexOf(noNeighbour);
        if (short >= 0) {
          const row = start + Math.floor(short / search.near.shape[1]);
          throw new BadInputError(`knn: query row ${row} has distances that are not finite float32 numbers (features too large, or not numbers); standardize the features`);
        }
        mergeNearest(indices, squared, start, rows, k, chunkIndices, chunkValues, search.near.shape[1], c * refs.chunkRows);
      }
    }
  });
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

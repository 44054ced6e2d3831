// The matmul variants: which shader, tile shapes and tricks each uses, and where each may run (alignment of the
// shape, device limits). The chooser (matmulTuning.ts) picks among the ones that apply.
import { ArgumentError } from '../errors.js';

/** The WGSL a variant specializes: the scalar tiled product, or the vec4 kernel. */
export type MatmulShader = 'scalar' | 'vec4';

/**
 * One matmul kernel configuration: a shader and the tile sizes it is specialized on. Each workgroup computes a
 * `tileM`×`tileN` tile of C, stepping `tileK` along K; each thread computes `threadM`×`threadN` outputs.
 */
export interface MatmulVariant {
  /** Unique, and says the configuration, e.g. `tile64x64x16-t4x4-vec4-db`: the key for tune tables and settings. */
  name: string;
  /** scalar: shaders/matmul.wgsl, any alignment; vec4: shaders/matmulVec4.wgsl, vec4 loads and stores. */
  shader: MatmulShader;
  tileM: number;
  tileN: number;
  tileK: number;
  threadM: number;
  threadN: number;
  /** vec4 only: the next slice is fetched while this one is multiplied (two tile buffers). */
  doubleBuffer: boolean;
  /** False for the `-nocheck` vec4 variants: no edge tests, so they apply only when M, N, K divide the tile. */
  checkBounds: boolean;
  /** vec4 only: the A tile is kept k-major in workgroup memory (the scalar shader always does this). */
  aTileTransposed: boolean;
  /** scalar only: K is cut into slices summed by separate workgroups, then added by a reduction pass. */
  splitK: boolean;
}

/** Whether A and B are stored transposed: A [K, M] instead of [M, K], B [N, K] instead of [K, N]. */
export interface MatmulLayout {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** A matmul's sizes: C [M, N] = op(A) [M, K] · op(B) [K, N]. */
export interface MatmulDims {
  M: number;
  N: number;
  K: number;
}

type Shape = Pick<MatmulVariant, 'tileM' | 'tileN' | 'tileK' | 'threadM' | 'threadN'>;

function scalar(tile: Shape, splitK = false): MatmulVariant {
  const name = `tile${tile.tileM}x${tile.tileN}x${tile.tileK}-t${tile.threadM}x${tile.threadN}${splitK ? '-splitk' : ''}`;
  return { name, shader: 'scalar', ...tile, doubleBuffer: false, checkBounds: true, aTileTransposed: true, splitK };
}

function vec4(tile: Shape, tricks: { doubleBuffer?: boolean; checkBounds?: boolean; aTileTransposed?: boolean } = {}): MatmulVariant {
  const { doubleBuffer = false, checkBounds = true, aTileTransposed = true } = tricks;
  const name = [
    `tile${tile.tileM}x${tile.tileN}x${tile.tileK}-t${tile.threadM}x${tile.threadN}-vec4`,
    doubleBuffer ? '-db' : '',
    aTileTransposed ? '' : '-arowmajor',
    checkBounds ? '' : '-nocheck',
  ].join('');
  return { name, shader: 'vec4', ...tile, doubleBuffer, checkBounds, aTileTransposed, splitK: false };
}

const big: Shape = { tileM: 128, tileN: 128, tileK: 8, threadM: 8, threadN: 8 };
const mid: Shape = { tileM: 64, tileN: 64, tileK: 16, threadM: 4, threadN: 4 };
const small: Shape = { tileM: 32, tileN: 32, tileK: 16, threadM: 4, threadN: 4 };
const wide: Shape = { tileM: 16, tileN: 64, tileK: 32, threadM: 2, threadN: 4 };

/** Every variant; the first is the original kernel and the fallback when nothing else applies. */
export const matmulVariants: readonly MatmulVariant[] = [
  scalar(mid),
  scalar({ tileM: 32, tileN: 32, tileK: 8, threadM: 2, threadN: 2 }),
  scalar({ tileM: 32, tileN: 32, tileK: 16, threadM: 2, threadN: 2 }, true),
  vec4(big),
  vec4(big, { doubleBuffer: true }),
  vec4(big, { doubleBuffer: true, checkBounds: false }),
  vec4(big, { doubleBuffer: true, aTileTransposed: false }),
  vec4(mid, { doubleBuffer: true }),
  vec4(mid, { doubleBuffer: true, checkBounds: false }),
  vec4(small, { doubleBuffer: true }),
  vec4(wide, { doubleBuffer: true }),
];

/** The variant of this name; ArgumentError (listing the known names) when there is none. */
export function matmulVariantByName(name: string): MatmulVariant {
  const variant = matmulVariants.find((v) => v.name === name);
  if (!variant) throw new ArgumentError(`unknown matmul variant "${name}"; known: ${matmulVariants.map((v) => v.name).join(', ')}`);
  return variant;
}

/** Invocations per workgroup: (tileM / threadM) · (tileN / threadN). */
export function threadsOf(v: MatmulVariant): number {
  return (v.tileM / v.threadM) * (v.tileN / v.threadN);
}

/** Workgroup memory the variant's tiles take, in bytes (doubled with double buffering). */
export function workgroupBytes(v: MatmulVariant): number {
  return 4 * v.tileK * (v.tileM + v.tileN) * (v.doubleBuffer ? 2 : 1);
}

/** Why this device cannot run the variant, or null when it can. */
export function deviceMisfit(v: MatmulVariant, limits: GPUSupportedLimits): string | null {
  const threads = threadsOf(v);
  if (threads > limits.maxComputeInvocationsPerWorkgroup) return `${threads} invocations per workgroup > device limit ${limits.maxComputeInvocationsPerWorkgroup}`;
  if (v.tileN / v.threadN > limits.maxComputeWorkgroupSizeX) return `workgroup x ${v.tileN / v.threadN} > device limit ${limits.maxComputeWorkgroupSizeX}`;
  if (v.tileM / v.threadM > limits.maxComputeWorkgroupSizeY) return `workgroup y ${v.tileM / v.threadM} > device limit ${limits.maxComputeWorkgroupSizeY}`;
  const bytes = workgroupBytes(v);
  if (bytes > limits.maxComputeWorkgroupStorageSize) return `${bytes} B of workgroup memory > device limit ${limits.maxComputeWorkgroupStorageSize}`;
  return null;
}

/** Why the variant cannot compute this shape (alignment, tile divisibility), or null when it can. */
export function shapeMisfit(v: MatmulVariant, { M, N, K }: MatmulDims, layout: MatmulLayout = {}): string | null {
  if (v.shader === 'vec4') {
    // A vec4 must never straddle the end of a row, or it would mix two rows (or read past the buffer).
    const aRow = layout.transposeA ? M : K;
    const bRow = layout.transposeB ? K : N;
    if (N % 4 !== 0) return `N = ${N} is not a multiple of 4`;
    if (aRow % 4 !== 0) return `A's rows (${aRow}) are not a multiple of 4`;
    if (bRow % 4 !== 0) return `B's rows (${bRow}) are not a multiple of 4`;
  }
  if (!v.checkBounds && (M === 0 || N === 0 || K === 0 || M % v.tileM || N % v.tileN || K % v.tileK)) {
    return `${M}x${N}x${K} does not divide the ${v.tileM}x${v.tileN}x${v.tileK} tile`;
  }
  return null;
}

/** Split-K: how many slices of K, each a whole number of tile steps, and how long each is. */
export function splitKPlan(v: MatmulVariant, { M, N, K }: MatmulDims): { splits: number; kPerSplit: number } {
  if (!v.splitK) return { splits: 1, kPerSplit: K };
  // Enough workgroups to fill a GPU (~256 of them), but each slice at least 16 tile steps deep so the
  // partials stay few and the reduction pass cheap.
  const tiles = Math.ceil(M / v.tileM) * Math.ceil(N / v.tileN);
  const wanted = Math.max(1, Math.min(Math.ceil(256 / tiles), Math.floor(K / (16 * v.tileK)), 64));
  const kPerSplit = Math.ceil(K / wanted / v.tileK) * v.tileK;
  return { splits: Math.max(1, Math.ceil(K / kPerSplit)), kPerSplit };
}

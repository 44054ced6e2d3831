// Which matmul variant runs a given shape: a forced one (the engine's matmulVariant setting), else the winner `stacklab tune`
// measured on this adapter for the shape's bucket (the engine's tune table, src/gpu/tuning.ts), else the
// heuristics below.
import type { Engine } from '../gpu/engine.js';
import { ArgumentError } from '../errors.js';
import { tunedWinner } from '../gpu/tuning.js';
import {
  deviceMisfit,
  matmulVariantByName,
  matmulVariants,
  shapeMisfit,
  type MatmulDims,
  type MatmulLayout,
  type MatmulVariant,
} from './matmulVariants.js';

/** Shapes within a factor of √2 of the same powers of two share a tuned winner. */
export function shapeBucket({ M, N, K }: MatmulDims): string {
  const p = (x: number) => 2 ** Math.round(Math.log2(Math.max(1, x)));
  return `${p(M)}x${p(N)}x${p(K)}`;
}

/** The operands' layout and whether a two-pass (split-K) variant may be chosen. */
export interface ChooseOptions extends MatmulLayout {
  /** Split-K needs a second pass; callers that need one dispatch (prepareMatmul) leave it out. */
  allowSplitK?: boolean;
}

/** The variants this device can run and this shape allows, in list order. */
export function applicableVariants(dims: MatmulDims, options: ChooseOptions = {}, limits?: GPUSupportedLimits): MatmulVariant[] {
  return matmulVariants.filter(
    (v) => (options.allowSplitK || !v.splitK) && !shapeMisfit(v, dims, options) && !(limits && deviceMisfit(v, limits)),
  );
}

/**
 * The variant for this shape. With an engine, a forced variant is checked against the device and the shape,
 * and a tuned winner for this adapter is used when there is one; without, only the heuristics apply.
 */
export function chooseMatmulVariant(dims: MatmulDims, options: ChooseOptions = {}, engine?: Engine): MatmulVariant {
  const forced = engine?.settings.matmulVariant ?? 'auto';
  if (forced !== 'auto') {
    const variant = matmulVariantByName(forced);
    const why = shapeMisfit(variant, dims, options) ?? (engine && deviceMisfit(variant, engine.device.limits)) ?? (variant.splitK && !options.allowSplitK ? 'split-K needs two passes; use prepareMatmulSteps' : null);
    if (why) throw new ArgumentError(`matmul variant ${forced} (engine setting matmulVariant, STACKLAB_MATMUL_VARIANT in the CLI) cannot run ${dims.M}x${dims.N}x${dims.K}: ${why}`);
    return variant;
  }
  const usable = applicableVariants(dims, options, engine?.device.limits);
  const tuned = engine && tunedWinner(engine.tuning, engine.facts, shapeBucket(dims));
  const winner = tuned ? usable.find((v) => v.name === tuned) : undefined;
  return winner ?? heuristicVariant(dims, usable);
}

/**
 * Without measurements:
 * - tall and skinny (K ≥ 1024, K ≥ 8·max(M, N), at most 16 tiles of 32×32 in C): split-K, since one tile per
 *   workgroup would leave most of a GPU idle while each walks all of K;
 * - otherwise the vec4 kernel when the alignment allows it: 128×128 tiles with 8×8 outputs per thread and double
 *   buffering once C has at least 64 such tiles (≥ 1024×1024), the no-bounds-check form when the shape divides
 *   the tile; 64×64 tiles from 256×256 (at least 16 tiles); 32×32 tiles below, so small outputs still spread
 *   over several workgroups; the 16×64 tile when M < 32 (a batch of a few rows against a wide layer);
 * - otherwise the scalar kernel: 64×64 tiles from 256×256, else 32×32.
 * `usable` is the list applicableVariants gives; the first scalar variant applies to every shape.
 */
export function heuristicVariant({ M, N, K }: MatmulDims, usable: readonly MatmulVariant[]): MatmulVariant {
  const pick = (...names: string[]) => names.map((n) => usable.find((v) => v.name === n)).find((v) => v !== undefined);
  const tallSkinny = K >= 1024 && K >= 8 * Math.max(M, N) && Math.ceil(M / 32) * Math.ceil(N / 32) <= 16;
  const chosen =
    (tallSkinny ? pick('tile32x32x16-t2x2-splitk') : undefined) ??
    (M * N >= 1024 * 1024 ? pick('tile128x128x8-t8x8-vec4-db-nocheck', 'tile128x128x8-t8x8-vec4-db') : undefined) ??
    (M * N >= 256 * 256 ? pick('tile64x64x16-t4x4-vec4-db-nocheck', 'tile64x64x16-t4x4-vec4-db') : undefined) ??
    (M < 32 ? pick('tile16x64x32-t2x4-vec4-db') : undefined) ??
    pick('tile32x32x16-t4x4-vec4-db') ??
    (M * N >= 256 * 256 ? pick('tile64x64x16-t4x4') : undefined) ??
    pick('tile32x32x8-t2x2', 'tile64x64x16-t4x4');
  return chosen ?? matmulVariants[0];
}

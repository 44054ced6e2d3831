// The adapter's attainable peaks, for the roofline: f32 FMA throughput from a kernel of independent FMA chains and
// memory bandwidth from a vec4 copy (src/kernels/peak.ts), each timed like a bench row and checked for sanity
// before its number is believed: the copy must copy, the chains must agree with their float64 reference, and both
// numbers must be finite and positive. Host-agnostic: `info --peak` and `bench --peak` run it where the engine is.
import { randomFloats, seededRandom } from '../data/random.js';
import { EngineError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import { readBufferBytes } from '../gpu/gpuArray.js';
import { withScope } from '../gpu/gpuScope.js';
import type { KernelCall } from '../gpu/kernelCall.js';
import { preparePeakCopy, preparePeakFma } from '../kernels/peak.js';
import { peakFmaReference } from '../kernels/peak.reference.js';
import { bitDifferences, compareWithBounds } from './agreement.js';
import { customImpl } from './customImpl.js';
import { caseSeed } from './inputs.js';
import { measureSteady, timeIterations, type MeasureOptions } from './measure.js';
import { defaultBudgetMs } from './watchdog.js';

/** One microbenchmark: its work per dispatch, the time per dispatch, and which clock gave it. */
export interface PeakRun {
  /** e.g. `16384 items × 64 steps × 8 vec4 chains` */
  launch: string;
  flops: number;
  bytes: number;
  /** Per dispatch: the GPU-timestamp median where the clock is usable, else the wall-clock median. */
  ms: number;
  clock: 'gpu-timestamps' | 'wall-clock';
}

/** The adapter's attainable f32 FMA throughput and memory bandwidth, as measured. */
export interface AdapterPeak {
  /** Attainable f32 GFLOP/s (an FMA counts 2). */
  gflops: number;
  /** Attainable GB/s (bytes read plus bytes written). */
  gbps: number;
  /** The arithmetic intensity (flops/byte) where the two roofs meet: below it a kernel is bound by memory. */
  ridge: number;
  fma: PeakRun;
  copy: PeakRun;
  /** What was checked before the numbers were believed. */
  checks: string[];
}

/** Items checked against the float64 reference (the first ones): enough to see wrong arithmetic, cheap on the host. */
const checkedItems = 1024;

function sizes(engine: Engine): { fmaItems: number; iterations: number; copyItems: number } {
  const { limits } = engine.device;
  const largest = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 16);
  // CPU emulation runs 10⁸–10⁹ flops a second: sizes that take tenths of a second there, and milliseconds on a GPU.
  if (engine.facts.isFallbackAdapter) return { fmaItems: 16384, iterations: 64, copyItems: Math.min(largest, 1 << 20) };
  return { fmaItems: 1 << 20, iterations: 4096, copyItems: Math.min(largest, 1 << 26) };
}

async function timeCall(engine: Engine, name: string, call: KernelCall, options: MeasureOptions): Promise<Pick<PeakRun, 'ms' | 'clock'>> {
  const impl = await customImpl(engine, name, async () => [call], []);
  const budget = { kernel: name, shape: 'the peak microbenchmark', ms: defaultBudgetMs({ flops: call.flops, bytes: call.bytes }) };
  try {
    const first = await timeIterations(engine, impl, 1, budget);
    const m = await measureSteady(engine, impl, first, { ...options, budget });
    return m.gpuMs ? { ms: m.gpuMs.median, clock: 'gpu-timestamps' } : { ms: m.wallMs.median, clock: 'wall-clock' };
  } finally {
    impl.dispose?.();
  }
}

/**
 * Measures the adapter's attainable FMA throughput and bandwidth. EngineError when a sanity check fails (the copy
 * does not copy, the chains disagree with their reference, a number is not finite and positive): a roofline drawn
 * from it would be wrong.
 */
export async function measurePeak(engine: Engine, options: MeasureOptions): Promise<AdapterPeak> {
  const { fmaItems, iterations, copyItems } = sizes(engine);
  const random = seededRandom(caseSeed('peak'));
  return withScope(engine, 'peak', async (scope) => {
    const checks: string[] = [];
    const fmaSrcValues = randomFloats(fmaItems * 4, random);
    const fmaSrc = scope.array('peak fma src', [fmaItems, 4], fmaSrcValues);
    const fmaDst = scope.array('peak fma dst', [fmaItems, 4]);
    const fmaCall = await preparePeakFma(scope, fmaSrc, fmaDst, iterations);
    const fmaTime = await timeCall(engine, 'peak fma', fmaCall, options);
    const got = new Float32Array(await readBufferBytes(engine, fmaDst.buffer, checkedItems * 16, 'peak fma dst'));
    const want = peakFmaReference(fmaSrcValues.subarray(0, checkedItems * 4), iterations);
    // Each chain step rounds once or twice (fma may not fuse); the steps contract (×0.75), so errors stay near 8u per chain.
    const fma = compareWithBounds(got, want, (i) => 1e-5 * (Math.abs(want[i]) + 8));
    if (!fma.ok) throw new EngineError(`peak: the FMA chains are wrong on this adapter (${fma.mismatches} of ${got.length} checked elements beyond 1e-5 of the float64 reference); no peak reported`);
    checks.push(`FMA chains: the first ${checkedItems} items within 1e-5 of the float64 reference`);

    const copySrcValues = new Float32Array(randomFloats(Math.min(copyItems, 1 << 20) * 4, random));
    const copySrc = scope.array('peak copy src', [copyItems, 4]);
    engine.device.queue.writeBuffer(copySrc.buffer, 0, copySrcValues);
    const copyDst = scope.array('peak copy dst', [copyItems, 4]);
    const copyCall = await preparePeakCopy(scope, copySrc, copyDst);
    const copyTime = await timeCall(engine, 'peak copy', copyCall, options);
    const copied = new Float32Array(await readBufferBytes(engine, copyDst.buffer, copySrcValues.byteLength, 'peak copy dst'));
    const differ = bitDifferences(copied, copySrcValues);
    if (differ) throw new EngineError(`peak: the copy kernel did not copy (${differ} of the first ${copySrcValues.length} elements differ); no peak reported`);
    checks.push(`copy: the first ${copySrcValues.length} elements copied bit for bit`);

    const gflops = fmaCall.flops / (fmaTime.ms * 1e6);
    const gbps = copyCall.bytes / (copyTime.ms * 1e6);
    for (const [what, value] of [['GFLOP/s', gflops], ['GB/s', gbps]] as const) {
      if (!(Number.isFinite(value) && value > 0)) throw new EngineError(`peak: ${what} came out as ${value} (a clock of zero?); no peak reported`);
    }
    checks.push('both numbers finite and positive');
    return {
      gflops,
      gbps,
      ridge: gflops / gbps,
      fma: { launch: `${fmaItems} items × ${iterations} steps × 8 vec4 chains`, flops: fmaCall.flops, bytes: fmaCall.bytes, ...fmaTime },
      copy: { launch: `${copyItems} vec4 items`, flops: 0, bytes: copyCall.bytes, ...copyTime },
      checks,
    };
  });
}

/** A row's attainable throughput under the roofline: min(peak FLOP/s, intensity × peak bandwidth), in GFLOP/s. */
export function attainableGflops(peak: Pick<AdapterPeak, 'gflops' | 'gbps'>, flops: number, bytes: number): number {
  return bytes > 0 ? Math.min(peak.gflops, (flops / bytes) * peak.gbps) : peak.gflops;
}

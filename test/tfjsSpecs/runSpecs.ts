// Runs the tfjs-core spec files the entry imported, under jasmine, on the engine's webgpu backend: with tfjs's
// own BatchMatMul, _FusedMatMul, Conv2D and FusedConv2D (`--kernels tfjs`, the kernels wrapped only to count the calls that reach
// them) or with the drop-in installed and answering (`--kernels stacklab`). Writes every spec's outcome, and the
// calls each made to those kernels, as JSON to `--out FILE`; compare.mjs runs both and compares them.
import fs from 'node:fs';
import { closeEngine, openNodeEngine } from '../../src/node.js';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { fusedActivations } from '../../src/kernels/fusedActivation.js';
import { useStacklabKernels, type StacklabKernelsHandle } from '../../src/kernels/tfjsDropIn.js';
import { ENGINE } from '@tensorflow/tfjs-core/dist/engine.js';
import { jasmineEnv } from './jasmineGlobals.js';

export interface SpecOutcome {
  /** jasmine's full name: the suite's ("matmul webgpu {…}"), then the spec's. */
  name: string;
  status: 'passed' | 'failed' | 'pending' | 'excluded';
  failures: string[];
  /** Calls to the replaced kernels (BatchMatMul, _FusedMatMul, Conv2D, FusedConv2D) while the spec ran. */
  reached: number;
  /** Of those, the calls stacklab's kernels answered (0 with tfjs's kernels). */
  answered: number;
  ms: number;
}

export interface SpecRun {
  kernels: 'tfjs' | 'stacklab';
  adapter: string;
  specs: SpecOutcome[];
  /** Errors outside any spec (a suite's beforeAll or afterAll, a load error). */
  suiteErrors: string[];
  /** The drop-in's counts over the whole run, warm-up excluded: calls answered, and fell through by reason. */
  answered: Record<string, number>;
  fellThrough: Record<string, number>;
  /** The tfjs the drop-in registers into (stacklab's `tf`) is the one the specs import: one copy of tfjs-core. */
  oneTfjsCore: boolean;
  seconds: number;
}

const replaced = ['BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D'] as const;

/**
 * The specs tfjs-backend-webgpu's own test setup (src/setup_test.ts, TEST_FILTERS) leaves out of its runs, for the
 * files imported here: by the start of the name and a part of it, as its filters match them.
 */
const tfjsWebgpuExcludes: { startsWith: string; excludes: string[] }[] = [
  { startsWith: 'tensor.data ', excludes: ['.data() postpones disposal of tensor', 'calling .data() twice works'] },
];

function includedByTfjs(name: string): boolean {
  return !tfjsWebgpuExcludes.some((f) => name.startsWith(f.startsWith) && f.excludes.some((part) => name.includes(part)));
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Counts the calls reaching tfjs's own kernels, without changing what runs. */
function countTfjsKernels(): { total(): number } {
  let calls = 0;
  for (const name of replaced) {
    const original = tf.getKernel(name, 'webgpu')!;
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel({ ...original, kernelFunc: (args) => (calls++, original.kernelFunc(args)) });
  }
  return { total: () => calls };
}

/**
 * Compiles the drop-in's pipelines for the shapes tfjs's specs use (small, odd and aligned; every transpose; the
 * fused activations it answers; batched products with each activation and layout; small 3×3 and 1×1 convolutions
 * with each activation), so the specs' first calls are answered
 * rather than falling through while a pipeline compiles.
 */
async function warmUp(handle: StacklabKernelsHandle): Promise<void> {
  const shapes = [[1, 1, 1], [2, 3, 2], [3, 5, 4], [4, 4, 4], [8, 8, 8], [5, 17, 9], [33, 40, 35], [64, 64, 64]];
  tf.tidy(() => {
    for (const [M, K, N] of shapes) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const a = tf.ones(transposeA ? [K, M] : [M, K]);
          const b = tf.ones(transposeB ? [N, K] : [K, N]);
          tf.matMul(a, b, transposeA, transposeB);
          for (const activation of ['linear', 'relu', 'sigmoid'] as const) tf.fused.matMul({ a, b, transposeA, transposeB, bias: tf.ones([N]), activation });
        }
      }
    }
    // Batched: fusedMatmul's pipelines, one per activation and layout.
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = tf.ones([2, 3, 3]);
        const b = tf.ones([2, 3, 3]);
        for (const activation of fusedActivations) {
          const preluActivationWeights = activation === 'prelu' ? tf.ones([3]) : undefined;
          tf.fused.matMul({ a, b, transposeA, transposeB, activation, preluActivationWeights });
        }
      }
    }
    const x = tf.ones([1, 5, 5, 2]) as tf.Tensor4D;
    for (const filter of [tf.ones([3, 3, 2, 3]) as tf.Tensor4D, tf.ones([1, 1, 2, 3]) as tf.Tensor4D]) {
      for (const activation of fusedActivations) {
        const preluActivationWeights = activation === 'prelu' ? tf.ones([3]) : undefined;
        tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias: tf.ones([3]), activation, preluActivationWeights });
      }
    }
  });
  await handle.ready();
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]).filter(([, v]) => v));

export async function runSpecs(): Promise<void> {
  const started = performance.now();
  const kernels = argument('--kernels') === 'stacklab' ? 'stacklab' : 'tfjs';
  const out = argument('--out');
  const filter = argument('--filter') ? new RegExp(argument('--filter')!) : null;
  const engine = await openNodeEngine({ tuning: null });
  await bindTfjs(engine);
  let handle: StacklabKernelsHandle | null = null;
  let counter: { total(): number } | null = null;
  if (kernels === 'stacklab') {
    handle = await useStacklabKernels(engine);
    await warmUp(handle);
  } else {
    counter = countTfjsKernels();
  }
  const answeredBefore = { ...handle?.calls };
  const fellBefore = { ...handle?.fellThrough };
  const answered = () => (handle ? sum(handle.calls) : 0);
  const reached = () => (handle ? sum(handle.calls) + sum(handle.fellThrough) : counter!.total());

  const specs: SpecOutcome[] = [];
  const suiteErrors: string[] = [];
  let at = { answered: 0, reached: 0, time: 0 };
  const message = (e: { message: string; stack?: string }) => e.message.slice(0, 2000);
  const included = (name: string) => includedByTfjs(name) && (!filter || filter.test(name));
  jasmineEnv.configure({ random: false, stopOnSpecFailure: false, specFilter: (spec: { getFullName(): string }) => included(spec.getFullName()) });
  jasmineEnv.addReporter({
    specStarted: () => (at = { answered: answered(), reached: reached(), time: performance.now() }),
    specDone: (result: { fullName: string; status: SpecOutcome['status']; failedExpectations: { message: string }[] }) => {
      specs.push({
        name: result.fullName,
        status: result.status,
        failures: result.failedExpectations.map(message),
        reached: reached() - at.reached,
        answered: answered() - at.answered,
        ms: Math.round(performance.now() - at.time),
      });
      if (result.status === 'failed') console.log(`  ✘ ${result.fullName}\n      ${result.failedExpectations.map(message).join('\n      ')}`);
    },
    suiteDone: (result: { fullName: string; failedExpectations: { message: string }[] }) => {
      for (const failure of result.failedExpectations) suiteErrors.push(`${result.fullName}: ${message(failure)}`);
    },
    jasmineDone: (result: { failedExpectations: { message: string }[] }) => {
      for (const failure of result.failedExpectations) suiteErrors.push(message(failure));
    },
  });
  await jasmineEnv.execute();
  // A GPU error in a kernel of ours arrives after its call returned: it fails the next call, and ready().
  await handle?.ready().catch((error: Error) => suiteErrors.push(`the drop-in: ${error.message}`));

  const run: SpecRun = {
    kernels,
    adapter: `${engine.adapterInfo.vendor} / ${engine.adapterInfo.architecture}`,
    specs,
    suiteErrors,
    answered: handle ? minus(handle.calls, answeredBefore) : {},
    fellThrough: handle ? minus(handle.fellThrough, fellBefore) : {},
    oneTfjsCore: tf.engine() === ENGINE,
    seconds: (performance.now() - started) / 1000,
  };
  const passed = specs.filter((s) => s.status === 'passed').length;
  console.log(`${kernels}: ${passed} of ${specs.length} specs passed, ${specs.reduce((n, s) => n + s.reached, 0)} kernel calls reached, ${sum(run.answered)} answered by stacklab (${run.seconds.toFixed(1)} s)`);
  if (out) fs.writeFileSync(out, JSON.stringify(run, null, 1));
  handle?.restore();
  closeEngine(engine);
  process.exit(0);
}

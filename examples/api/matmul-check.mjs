// The check and timing that node-matmul.mjs (Node) and page/main.js (the browser) both run, written against the
// public API only: stacklab's matmul against its float64 reference on a tile-sized shape and a ragged one, then
// stacklab's matmul and tfjs's tf.matMul timed on the same inputs, on the same GPU device.
import {
  bindTfjs,
  createArray,
  destroyArray,
  finished,
  GpuScope,
  matmul,
  matmulReference,
  measureSteady,
  prepareMatmulSteps,
  readArray,
  Recorder,
  submitTfjsWork,
  tensorFromArray,
  tf,
  writeArray,
} from 'stacklab';

/** Uniform in [-1, 1), from a seeded generator (mulberry32) so every run checks the same numbers. */
function randomMatrix(length, seed) {
  let s = seed >>> 0;
  return Float32Array.from({ length }, () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  });
}

function maxAbsDiff(got, want) {
  let max = 0;
  for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(got[i] - want[i]));
  return max;
}

/** float32 sums of K products of numbers below 1 in size: the error bound grows with K. */
const tolerance = (K) => 1e-6 * K + 1e-5;

/** C = A·B on the GPU (stacklab, and tfjs on the same inputs) against the float64 reference, for one [M, N, K]. */
async function check(engine, [M, N, K], seed) {
  const a = randomMatrix(M * K, seed);
  const b = randomMatrix(K * N, seed + 1);
  const A = createArray(engine, 'A', [M, K]);
  const B = createArray(engine, 'B', [K, N]);
  writeArray(engine, A, a);
  writeArray(engine, B, b);
  const want = matmulReference(a, b, { M, N, K });
  const C = await matmul(engine, A, B);
  const maxAbsErr = maxAbsDiff(await readArray(engine, C), want);
  const [tA, tB] = [tensorFromArray(A), tensorFromArray(B)];
  const tC = tf.matMul(tA, tB);
  const tfjsMaxAbsErr = maxAbsDiff(await tC.data(), want);
  tf.dispose([tA, tB, tC]);
  for (const array of [A, B, C]) destroyArray(array);
  return { shape: [M, N, K], maxAbsErr, tfjsMaxAbsErr, tolerance: tolerance(K), ok: maxAbsErr <= tolerance(K) };
}

/** stacklab's matmul as the bench harness's Impl: the dispatches prepared once, then recorded and submitted per sample. */
async function stacklabImpl(engine, A, B, C) {
  const scope = new GpuScope(engine, 'example matmul');
  const started = performance.now();
  const calls = await prepareMatmulSteps(scope, A, B, C);
  const compileMs = performance.now() - started;
  const recorder = new Recorder(engine, 'example matmul');
  return {
    name: 'stacklab',
    compileMs,
    enqueue: () => void calls.forEach((call) => recorder.dispatch(call)),
    flush: () => recorder.submit(),
    gpuTimes: async () => ({ unavailable: 'wall clock only in this example' }),
    outputs: () => readArray(engine, C),
    dispose: () => scope.dispose(),
  };
}

/** tfjs's tf.matMul on tensors over the same buffers (no copies); tfjs queues its own dispatches. */
function tfjsImpl(A, B) {
  const [a, b] = [tensorFromArray(A), tensorFromArray(B)];
  let last = null;
  return {
    name: 'tfjs',
    compileMs: null,
    enqueue: () => {
      last?.dispose();
      last = tf.matMul(a, b);
    },
    flush: async () => submitTfjsWork(),
    gpuTimes: async () => ({ unavailable: 'wall clock only in this example' }),
    outputs: async () => (await last.data()),
    dispose: () => {
      last?.dispose();
      a.dispose();
      b.dispose();
    },
  };
}

/** One run of an Impl, timed to onSubmittedWorkDone: the harness's "first run" before its steady state. */
async function firstRun(engine, impl) {
  const started = performance.now();
  impl.enqueue();
  await impl.flush();
  await finished(engine);
  return performance.now() - started;
}

/**
 * Checks both shapes, then times `shape` with the harness's measureSteady (warm-up, then `samples` wall-clock
 * samples of enough queued iterations to fill `minMs`). Returns the JSON-able result; `ok` is the check's.
 */
export async function checkAndTime(engine, { shape = [256, 256, 256], ragged = [127, 61, 93], samples = 10, minMs = 300 } = {}) {
  await bindTfjs(engine); // tfjs's webgpu backend on the engine's own device
  const checks = [await check(engine, shape, 1), await check(engine, ragged, 3)];

  const [M, N, K] = shape;
  const A = createArray(engine, 'A', [M, K]);
  const B = createArray(engine, 'B', [K, N]);
  const C = createArray(engine, 'C', [M, N]);
  writeArray(engine, A, randomMatrix(M * K, 5));
  writeArray(engine, B, randomMatrix(K * N, 6));
  const times = {};
  for (const impl of [await stacklabImpl(engine, A, B, C), tfjsImpl(A, B)]) {
    const measured = await measureSteady(engine, impl, await firstRun(engine, impl), { samples, minMs });
    times[impl.name] = { ...measured.wallMs, iterationsPerSample: measured.phases.iterationsPerSample };
    impl.dispose();
  }
  for (const array of [A, B, C]) destroyArray(array);

  return {
    adapter: engine.facts,
    shape,
    maxAbsErr: Math.max(...checks.map((c) => c.maxAbsErr)),
    ok: checks.every((c) => c.ok),
    checks,
    stacklabMs: times.stacklab,
    tfjsMs: times.tfjs,
  };
}

// stacklab's matmul in Node: checked against its float64 reference (256×256×256 and a shape that fits no tile,
// 127×61×93), then timed beside tfjs's tf.matMul on the same GPU device. Prints one JSON object; exits 1 when
// the check fails.
//
//   node examples/api/node-matmul.mjs [--samples N] [--min-ms MS]
import { closeEngine, openNodeEngine } from 'stacklab/node';
import { checkAndTime } from './matmul-check.mjs';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const engine = await openNodeEngine(); // the GPU through Dawn, else Chromium's SwiftShader
try {
  const result = await checkAndTime(engine, { samples: option('--samples', 10), minMs: option('--min-ms', 300) });
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.ok ? 0 : 1;
} finally {
  closeEngine(engine);
}

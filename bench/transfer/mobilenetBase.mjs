// Writes a MobileNetV2-style LayersModel at 224×224×3 (Keras's block table, alpha 1, random seeded weights, a
// 1000-class head) to DIR, for the transfer scale check in docs/results.md: `node bench/transfer/mobilenetBase.mjs DIR`.
// With --small: the README's `bench model` example instead (32×32×3, three block rows, 10 classes, 48 k parameters),
// small enough to profile kernel by kernel on a CPU-emulated adapter.
// The builder is test/fixtures/mobilenetStyle.ts (the tests use it small), bundled here on the fly with esbuild.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/transfer/mobilenetBase.mjs DIR [--quantize uint8] [--small]');
  process.exit(2);
}
const quantize = process.argv.includes('--quantize') ? process.argv[process.argv.indexOf('--quantize') + 1] : undefined;
// Inside the repository, so the bundle's one external import (webgpu) resolves from its node_modules.
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
const bundle = path.join(fs.mkdtempSync(path.join(root, 'dist', 'mobilenet-builder-')), 'builder.mjs');
await esbuild.build({
  stdin: {
    contents: "export { mobilenetStyle, mobilenetV2Blocks } from './test/fixtures/mobilenetStyle.ts'; export { modelFiles } from './src/node.ts'; export { tf } from './src/gpu/tfjsBackend.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  loader: { '.wgsl': 'text' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['webgpu'],
  logLevel: 'warning',
  outfile: bundle,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
  },
});
const { mobilenetStyle, mobilenetV2Blocks, modelFiles, tf } = await import(bundle);
// Building and saving need a backend, and only the CPU one needs no set-up.
await tf.setBackend('cpu');
const model = process.argv.includes('--small')
  ? mobilenetStyle({ size: 32, stem: 16, last: 128, classes: 10, seed: 1, blocks: [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2]] })
  : mobilenetStyle({ size: 224, stem: 32, last: 1280, classes: 1000, seed: 1, blocks: mobilenetV2Blocks });
await model.save(modelFiles(dir, quantize ? { quantize } : {}));
console.log(`wrote ${dir}: ${model.layers.length} layers, ${model.countParams()} parameters${quantize ? `, ${quantize}-quantized` : ''}`);

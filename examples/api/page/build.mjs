// Bundles main.js (and stacklab, tfjs with it) into dist/main.js for index.html.
//   node build.mjs
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
await esbuild.build({
  entryPoints: [path.join(here, 'main.js')],
  outfile: path.join(here, 'dist/main.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  // tfjs reads process.env.NODE_ENV; a page has no process.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
console.log(`bundled ${path.relative(process.cwd(), path.join(here, 'dist/main.js'))}`);

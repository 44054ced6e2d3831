// Builds every bundle with esbuild, and the package's type declarations with tsc:
//   dist/lib/           the package: index.js (`stacklab`), node.js (`stacklab/node`) and cli.js (the `stacklab`
//                       command), ESM sharing chunks, every dependency left to the installing project
//   dist/types/         .d.ts files for both entry points (tsc -p tsconfig.types.json)
//   dist/cli.mjs        the command as one Node file whose only external import is `webgpu` (npm start, the tests)
//   dist/page/          the page headless Chromium loads: index.html + engine.js (the browser host's page)
//   dist/test/node.mjs  every test/**/*.test.ts, for Node
//   dist/page/tests.js  the host-agnostic tests (test/kernels, test/gpu), for the browser, run by dist/test/browser.mjs
//   dist/test/tfjsSpecs.mjs  tfjs-core's own op specs against the drop-in (test/tfjsSpecs/, run by its compare.mjs)
//   dist/gpu/           `npm run bench:gpu` and the command, minified, to carry to a machine without node_modules
// The test bundles resolve `#test-engine` to the Node (Dawn) or page (navigator.gpu) engine opener.
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const watch = process.argv.includes('--watch');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

function testEnginePlugin(host) {
  const file = path.join(root, 'test/support', host === 'node' ? 'openTestEngine.node.ts' : 'openTestEngine.page.ts');
  return {
    name: 'test-engine',
    setup(build) {
      build.onResolve({ filter: /^#test-engine$/ }, () => ({ path: file }));
    },
  };
}

// STACKLAB_TEST_FILES=regex narrows the test bundles to matching files (for working on one area).
const testFilter = process.env.STACKLAB_TEST_FILES ? new RegExp(process.env.STACKLAB_TEST_FILES) : null;

function testFiles(dirs) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts') && (!testFilter || testFilter.test(full))) found.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return found.sort();
}

// uvu must be told to wait (UVU_DEFER) before its module runs, so the entry sets it in a module imported first.
function testEntry(files, runner) {
  const lines = [`import ${JSON.stringify(path.join(root, 'test/support/defer.ts'))};`];
  for (const file of files) lines.push(`import ${JSON.stringify(file)};`);
  lines.push(`import { runQueuedTests } from ${JSON.stringify(path.join(root, runner))};`, 'runQueuedTests();');
  return { contents: lines.join('\n'), resolveDir: root, loader: 'ts', sourcefile: 'test-entry.ts' };
}

const common = {
  bundle: true,
  loader: { '.wgsl': 'text' },
  logLevel: 'warning',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { STACKLAB_VERSION: JSON.stringify(version) },
};
// Bundled CommonJS dependencies call require() and read __filename; an ESM bundle needs both made for it.
const nodeBanner = {
  js: [
    "import { createRequire as __createRequire } from 'node:module';",
    "import { fileURLToPath as __fileURLToPath } from 'node:url';",
    'const require = __createRequire(import.meta.url);',
    'const __filename = __fileURLToPath(import.meta.url);',
    "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
  ].join(' '),
};
// tfjs-core's package.json marks its modules free of side effects (all but a few), so esbuild would drop a spec
// file imported only for the suites it registers; this plugin keeps them.
const specFilesKept = {
  name: 'spec-files-kept',
  setup(build) {
    build.onResolve({ filter: /_test\.js$/ }, async (args) => {
      if (args.pluginData === 'kept') return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'kept' });
      return { ...found, sideEffects: true };
    });
  },
};
const nodeCommon = { ...common, platform: 'node', format: 'esm', target: 'node20', external: ['webgpu'], banner: nodeBanner };
const browserCommon = { ...common, platform: 'browser', format: 'esm', target: 'chrome120', define: { ...common.define, 'process.env.NODE_ENV': '"production"' } };

const builds = [
  // The package: no dependency bundled, so a user's tfjs is the one stacklab binds to its device.
  {
    ...common,
    sourcemap: false,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    packages: 'external',
    splitting: true,
    entryPoints: { index: 'src/index.ts', node: 'src/node.ts', cli: 'src/cli.ts' },
    outdir: 'dist/lib',
  },
  { ...nodeCommon, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } },
  { ...browserCommon, entryPoints: { engine: 'src/page/entry.ts' }, outdir: 'dist/page' },
  { ...nodeCommon, plugins: [testEnginePlugin('node')], stdin: testEntry(testFiles(['test']), 'test/support/nodeRunner.ts'), outfile: 'dist/test/node.mjs' },
  {
    ...browserCommon,
    plugins: [testEnginePlugin('browser')],
    stdin: testEntry(testFiles(['test/kernels', 'test/gpu']), 'test/support/pageRunner.ts'),
    outfile: 'dist/page/tests.js',
  },
  { ...nodeCommon, entryPoints: { browser: 'test/support/runBrowserTests.ts' }, outdir: 'dist/test', outExtension: { '.js': '.mjs' } },
  // tfjs-core's specs and the drop-in on one copy of tfjs: 'module' first resolves @tensorflow/tfjs, the backends
  // and the specs' relative '../index' imports all to tfjs-core's ESM dist/ (its 'main' is a separate CJS bundle).
  {
    ...nodeCommon,
    mainFields: ['module', 'main'],
    plugins: [specFilesKept],
    entryPoints: { tfjsSpecs: 'test/tfjsSpecs/entry.ts' },
    outdir: 'dist/test',
    outExtension: { '.js': '.mjs' },
  },
  // dist/gpu/: `npm run bench:gpu` (bench/gpuSession.ts and the CLI it runs), minified and without source maps so it
  // stays small enough to carry to a GPU machine beside the node and Dawn it needs (docs/gpu-machine.md).
  { ...nodeCommon, sourcemap: false, minify: true, keepNames: true, entryPoints: { cli: 'src/cli.ts', gpuSession: 'bench/gpuSession.ts' }, outdir: 'dist/gpu', outExtension: { '.js': '.mjs' } },
];

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.types.json')], { stdio: 'inherit' });
}
fs.mkdirSync(path.join(root, 'dist/page'), { recursive: true });
fs.copyFileSync(path.join(root, 'src/page/index.html'), path.join(root, 'dist/page/index.html'));
fs.copyFileSync(path.join(root, 'src/page/tests.html'), path.join(root, 'dist/page/tests.html'));
// HTML reports inline chart.js; a GPU machine has no node_modules, so dist/gpu carries it (src/results/htmlPage.ts).
fs.copyFileSync(path.join(root, 'node_modules/chart.js/dist/chart.umd.js'), path.join(root, 'dist/gpu/chart.umd.js'));

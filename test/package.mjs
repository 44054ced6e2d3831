// The package as a user gets it: `npm pack`, then install the tarball into a fresh project and use it there.
// Plain Node (not bundled, not uvu): `npm test` runs it as one of test/run.mjs's stages, after `npm run build`;
// alone: `node build.mjs && node test/package.mjs`. Prints a check per line and a summary in uvu's format, so
// run.mjs counts its checks; exits 1 when one fails, with the failing step's output.
//
// Checks the tarball's contents (size, no tests or source maps, both entry points' types, the shaders, nothing
// untracked outside dist/), installs it with its peers (tfjs, and the optional webgpu and puppeteer at the
// repo's locked versions) and from that project runs: the first ```js block of README.md, the shipped
// examples/api programs (node-matmul.mjs, tfjs-model.mjs), the page example bundled by esbuild in headless
// Chromium from a 127.0.0.1 server, `tsc --noEmit` over a file importing both entry points, and `npx stacklab info`.
//
// Run time on this 2-core machine without a GPU (SwiftShader): 42 s with the machine to itself, 65–95 s beside
// other work (as in `npm test`, whose other stages run alongside); the install is 13–22 s of it, from npm's
// cache (≈540 MB of node_modules, mostly tfjs and Dawn; a cold cache downloads them from the registry).
// STACKLAB_PACKAGE_KEEP=1 keeps the project (its path is printed).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageSummary } from './support/stageSummary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.env.STACKLAB_PACKAGE_KEEP === '1';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-package-'));
const project = path.join(tmp, 'project');
// Under `npm test`, npm hands its own config down as npm_config_* variables, npm_config_local_prefix among them:
// a nested npm would take the repository for its project and install there. Only the user's settings pass.
const npmSettings = /^npm_config_(cache|userconfig|globalconfig|cafile|registry|proxy|https_proxy|noproxy|strict_ssl)$/i;
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) || npmSettings.test(name)));
Object.assign(env, { PUPPETEER_SKIP_DOWNLOAD: '1', npm_config_update_notifier: 'false' });

const summary = stageSummary();
function record(name, ok, detail = '', output = '') {
  summary.record(ok, `${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok && output) console.log(indent(tail(output)));
}
const tail = (text, chars = 6000) => (text.length > chars ? `…${text.slice(-chars)}` : text);
const indent = (text) => text.replace(/^/gm, '    ');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs a command; resolves with its exit code and output (never rejects; a timeout kills it and says so). */
function sh(command, args, { cwd = project, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve) => {
    const begun = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${seconds(timeoutMs)}]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => (stderr += `\n${error.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      const output = `$ ${[command, ...args].join(' ')}  (in ${cwd})\n${stdout}${stderr ? `\n[stderr]\n${stderr}` : ''}`;
      resolve({ code, stdout, stderr, output, ms: performance.now() - begun });
    });
  });
}

/** A check that runs code; a throw fails it with the message (and the command output it carries). */
async function check(name, body) {
  try {
    const detail = await body();
    record(name, true, detail ?? '');
  } catch (error) {
    record(name, false, error.message, error.output ?? String(error.stack));
  }
}
function fail(message, output = '') {
  throw Object.assign(new Error(message), { output });
}
/** The last JSON object a program printed (its stdout is one pretty-printed JSON object). */
function jsonOf(run) {
  try {
    return JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
  } catch {
    fail(`exit code ${run.code}, and its output is not one JSON object`, run.output);
  }
}

const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const lockedVersion = (name) => lock.packages[`node_modules/${name}`]?.version ?? fail(`${name} is not in package-lock.json`);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

// ---- the tarball
let pack = null;
let tarball = null;
await check('npm pack', async () => {
  const run = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root });
  if (run.code !== 0) fail(`exit code ${run.code}`, run.output);
  [pack] = JSON.parse(run.stdout.slice(run.stdout.indexOf('[')));
  tarball = path.join(tmp, pack.filename);
  if (!fs.existsSync(tarball)) fail(`no ${tarball}`, run.output);
  return `${pack.filename}: ${pack.entryCount} files, ${(pack.size / 1e6).toFixed(2)} MB packed, ${(pack.unpackedSize / 1e6).toFixed(2)} MB unpacked (${seconds(run.ms)})`;
});
const packed = new Set(pack?.files.map((f) => f.path) ?? []);
const needPack = () => pack ?? fail('no tarball (npm pack failed)');

await check('unpacked size under 10 MB', () => {
  needPack();
  const biggest = [...pack.files].sort((a, b) => b.size - a.size).slice(0, 3);
  if (pack.unpackedSize >= 10e6) fail(`${(pack.unpackedSize / 1e6).toFixed(2)} MB; biggest: ${biggest.map((f) => `${f.path} ${f.size}`).join(', ')}`);
});

await check('no tests, source maps or test bundles packed', () => {
  needPack();
  const wrong = [...packed].filter((p) => p.startsWith('test/') || p.includes('/test/') || p.startsWith('dist/test') || p.endsWith('.map'));
  if (wrong.length) fail(`packed: ${wrong.join(', ')}`);
});

await check('entry points packed: every exports/bin target, .d.ts for stacklab and stacklab/node', () => {
  needPack();
  const targets = new Set(['dist/types/index.d.ts', 'dist/types/node.d.ts', manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})]);
  for (const entry of Object.values(manifest.exports)) {
    for (const target of typeof entry === 'string' ? [entry] : Object.values(entry)) if (!target.includes('*')) targets.add(target);
  }
  const missing = [...targets].map((t) => t.replace(/^\.\//, '')).filter((t) => !packed.has(t));
  if (missing.length) fail(`missing: ${missing.join(', ')}`);
});

await check('shaders/*.wgsl packed', () => {
  needPack();
  const shaders = execFileSync('git', ['ls-files', 'shaders'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.wgsl'));
  if (!shaders.length) fail('git has no shaders/*.wgsl');
  const missing = shaders.filter((s) => !packed.has(s));
  if (missing.length) fail(`missing: ${missing.join(', ')}`);
  return `${shaders.length} shaders`;
});

await check('every packed file is tracked by git or built into dist/', () => {
  needPack();
  const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n'));
  const untracked = [...packed].filter((p) => !p.startsWith('dist/') && !tracked.has(p));
  if (untracked.length) fail(`untracked: ${untracked.join(', ')}`);
});

// ---- a fresh project with the tarball and its peers installed
let installed = false;
await check('npm install of the tarball and its peers into a fresh project', async () => {
  needPack();
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'stacklab-user', version: '1.0.0', private: true, type: 'module' }, null, 2));
  // tfjs's packages are required peers (npm installs them); webgpu and puppeteer are optional peers, so a user
  // asks for them, as for esbuild (to bundle the page example).
  const extras = ['webgpu', 'puppeteer', 'esbuild'].map((name) => `${name}@${lockedVersion(name)}`);
  const run = await sh('npm', ['install', tarball, ...extras, '--no-audit', '--no-fund', '--prefer-offline'], { timeoutMs: 300_000 });
  if (run.code !== 0) fail(`exit code ${run.code}`, run.output);
  const modules = path.join(project, 'node_modules');
  const absent = ['stacklab', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm', 'webgpu', 'puppeteer', 'esbuild', '@webgpu/types'].filter(
    (name) => !fs.existsSync(path.join(modules, name, 'package.json')),
  );
  if (absent.length) fail(`not installed: ${absent.join(', ')}`, run.output);
  // One tfjs: a second copy nested under stacklab would be a tfjs the user's models never see.
  if (fs.existsSync(path.join(modules, 'stacklab/node_modules/@tensorflow'))) fail('stacklab got its own copy of @tensorflow/*', run.output);
  installed = true;
  return seconds(run.ms);
});
const needInstall = () => installed || fail('not installed (the install failed)');

await check("README.md's first ```js block runs", async () => {
  needInstall();
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /^```js\n([\s\S]*?)^```/m.exec(readme)?.[1] ?? fail('README.md has no ```js block');
  fs.writeFileSync(path.join(project, 'example.mjs'), block);
  const run = await sh('node', ['example.mjs']);
  if (run.code !== 0) fail(`exit code ${run.code}`, run.output);
  const delta = Number(/max \|Δ\| = (\S+)/.exec(run.stdout)?.[1]);
  if (!(delta < 1e-3)) fail(`max |Δ| = ${delta}, want < 1e-3`, run.output);
  return `max |Δ| = ${delta.toExponential(2)} (${seconds(run.ms)})`;
});

await check('examples/api/node-matmul.mjs from the installed package', async () => {
  needInstall();
  const run = await sh('node', ['node_modules/stacklab/examples/api/node-matmul.mjs', '--samples', '5', '--min-ms', '100']);
  const result = jsonOf(run);
  if (run.code !== 0 || result.ok !== true) fail(`exit code ${run.code}, ok: ${result.ok}`, run.output);
  const median = (ms) => (ms ? `${ms.median.toFixed(2)} ms` : '?');
  return `maxAbsErr ${result.maxAbsErr.toExponential(2)}, ${result.shape.join('×')}: stacklab ${median(result.stacklabMs)}, tfjs ${median(result.tfjsMs)} (${seconds(run.ms)})`;
});

await check("examples/api/tfjs-model.mjs: the user's tfjs model fit on stacklab's kernels", async () => {
  needInstall();
  const run = await sh('node', ['node_modules/stacklab/examples/api/tfjs-model.mjs', '--epochs', '2']);
  const result = jsonOf(run);
  if (run.code !== 0 || result.ok !== true) fail(`exit code ${run.code}, ok: ${result.ok}`, run.output);
  return `losses agree to ${result.maxRelDiff.toExponential(1)}, ${result.stacklabCalls.BatchMatMul + result.stacklabCalls._FusedMatMul} stacklab kernel calls (${seconds(run.ms)})`;
});

// The page example as a user would serve it: bundled by the project's esbuild, served from 127.0.0.1 (a secure
// context), opened in headless Chromium through the project's puppeteer.
const pageDriver = `
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer';

const dir = path.resolve(process.argv[2]);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  let file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname));
  if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = 'http://127.0.0.1:' + server.address().port + '/';
const hasGpu = ['/dev/nvidia0', '/dev/dri/renderD128'].some((p) => fs.existsSync(p));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--enable-unsafe-webgpu', ...(hasGpu ? ['--enable-features=Vulkan']
    : ['--use-webgpu-adapter=swiftshader', '--disable-dawn-features=use_vulkan_zero_initialize_workgroup_memory_extension'])],
});
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.error('[page] ' + message.text()));
  page.on('pageerror', (error) => console.error('[page error] ' + error.message));
  await page.goto(url);
  await page.waitForFunction(() => window.result !== undefined, { timeout: 150000 });
  const result = await page.evaluate(() => window.result);
  const shown = await page.evaluate(() => document.body.innerText);
  console.log(JSON.stringify({ ...result, shownInPage: shown.includes('"ok"') }, null, 2));
} finally {
  await browser.close();
  server.close();
}
`;

await check('examples/api/page: bundled with esbuild, run in headless Chromium from 127.0.0.1', async () => {
  needInstall();
  // A copy, as a user starting from the example would make; main.js imports `stacklab` from the project.
  fs.cpSync(path.join(project, 'node_modules/stacklab/examples/api'), path.join(project, 'api'), { recursive: true });
  const build = await sh('node', ['api/page/build.mjs']);
  if (build.code !== 0) fail(`page build: exit code ${build.code}`, build.output);
  fs.writeFileSync(path.join(project, 'page-driver.mjs'), pageDriver);
  const run = await sh('node', ['page-driver.mjs', 'api/page']);
  const result = jsonOf(run);
  if (run.code !== 0 || result.ok !== true || !result.shownInPage) fail(`exit code ${run.code}, ok: ${result.ok}, shown in page: ${result.shownInPage}`, run.output);
  return `${result.adapter?.vendor} / ${result.adapter?.architecture}, maxAbsErr ${result.maxAbsErr.toExponential(2)} (bundle ${seconds(build.ms)}, page ${seconds(run.ms)})`;
});

const typesFile = `import { createArray, matmul, readArray, tf, type Engine, type GpuArray, type Summary } from 'stacklab';
import { openNodeEngine, closeEngine, loadCsvDataset, type NodeEngineOptions } from 'stacklab/node';

const options: NodeEngineOptions = {};
const engine: Engine = await openNodeEngine(options);
const A: GpuArray = createArray(engine, 'A', [2, 2]);
const values: Float32Array = await readArray(engine, await matmul(engine, A, A));
const device: GPUDevice = engine.device;
// @ts-expect-error: a shape is a list of numbers (declarations that resolved to \`any\` would let this through)
createArray(engine, 'B', 'not a shape');
const t: tf.Tensor = tf.zeros([2]);
const s: Summary | null = null;
console.log(values.length, device.label, t.shape, s, typeof loadCsvDataset);
closeEngine(engine);
`;

await check('tsc --noEmit: types of stacklab and stacklab/node resolve', async () => {
  needInstall();
  fs.writeFileSync(path.join(project, 'uses-types.ts'), typesFile);
  // skipLibCheck as tfjs users need it (tfjs-layers' own declarations fail strict checks); node16 resolution reads exports.
  const tsconfig = { compilerOptions: { target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', strict: true, skipLibCheck: true, noEmit: true, lib: ['ES2022', 'DOM'] }, files: ['uses-types.ts'] };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const run = await sh('node', [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  if (run.code !== 0) fail(`exit code ${run.code}`, run.output);
  return seconds(run.ms);
});

await check('npx stacklab info', async () => {
  needInstall();
  const run = await sh('npx', ['--no', 'stacklab', 'info']);
  if (run.code !== 0 || !/adapter/i.test(run.stdout)) fail(`exit code ${run.code}`, run.output);
  return seconds(run.ms);
});

if (keep) console.log(`kept ${project}`);
else fs.rmSync(tmp, { recursive: true, force: true });

summary.finish();

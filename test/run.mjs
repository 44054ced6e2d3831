// `npm test`: every test in Node (Dawn), the host-agnostic ones inside headless Chromium, and the package as a
// user installs it (test/package.mjs: npm pack, install into a fresh project, run the examples there), and
// tfjs-core's own op specs against the tfjs drop-in (test/tfjsSpecs/compare.mjs: ≈600 specs on tfjs's kernels and
// on stacklab's, ≈1 min alone, 1–5 min beside the others).
// Ends with one "N passed, N failed" line counting uvu's tests over both hosts and the package's checks.
//
// The stages run side by side: the Node tests as STACKLAB_TEST_PROCESSES processes (default 2) that share one
// queue of suites (each takes the next unclaimed one; test/support/nodeRunner.ts), the browser stage, and the
// package stage (plain Node, ~1.5 min, printing its summary in uvu's format). Alone, one stage kept 2 cores only
// ~55 % busy (it waits on read-backs, child processes and browser start-ups), so side by side the same work takes
// less wall time. The first stage's output streams; the others' is printed whole as each ends, so no two interleave.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// `node test/run.mjs node` (or `browser`, `package`, `tfjs-specs`) runs one stage kind only.
const only = process.argv[2];
const processes = Math.max(1, Number(process.env.STACKLAB_TEST_PROCESSES ?? 2));
const claims = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-test-claims-'));
const stages = [
  ...Array.from({ length: processes }, (_, i) => ({ name: processes > 1 ? `node ${i + 1}/${processes}` : 'node', host: 'node', file: 'dist/test/node.mjs' })),
  { name: 'browser', host: 'browser', file: 'dist/test/browser.mjs' },
  { name: 'package', host: 'package', file: 'test/package.mjs' },
  { name: 'tfjs specs', host: 'tfjs-specs', file: 'test/tfjsSpecs/compare.mjs' },
].filter((stage) => !only || stage.host === only);

function runStage(stage, stream) {
  return new Promise((resolve) => {
    const env = stage.host === 'node' ? { ...process.env, STACKLAB_TEST_CLAIMS: claims } : process.env;
    const child = spawn(process.execPath, [stage.file], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let text = '';
    let errors = '';
    if (stream) console.log(`\n=== ${stage.name} tests (${stage.file})`);
    child.stdout.on('data', (chunk) => {
      if (stream) process.stdout.write(chunk);
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      if (stream) process.stderr.write(chunk);
      errors += chunk;
    });
    child.on('close', (code) => {
      if (!stream) {
        console.log(`\n=== ${stage.name} tests (${stage.file})`);
        process.stdout.write(text);
        process.stderr.write(errors);
      }
      console.log(`=== ${stage.name} tests: exit code ${code}`);
      resolve({ code, text });
    });
  });
}

const started = performance.now();
const outputs = await Promise.all(stages.map((stage, i) => runStage(stage, i === 0)));
fs.rmSync(claims, { recursive: true, force: true });
let passed = 0;
let failed = 0;
let broken = false;
for (const output of outputs) {
  // uvu colours its summary; strip the escapes before reading the numbers.
  const plain = output.text.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1]);
  const ok = Number(/Passed:\s+(\d+)/.exec(plain)?.[1]);
  if (Number.isFinite(total) && Number.isFinite(ok)) {
    passed += ok;
    failed += total - ok;
  }
  if (output.code !== 0 || !Number.isFinite(total)) broken = true;
}
console.log(`\n${passed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(broken || failed > 0 ? 1 : 0);

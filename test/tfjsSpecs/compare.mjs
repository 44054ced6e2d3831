// `npm test`'s stage for tfjs-core's own op specs against the drop-in: runs dist/test/tfjsSpecs.mjs twice, side
// by side, once on tfjs's own BatchMatMul, _FusedMatMul, Conv2D and FusedConv2D and once with stacklab's kernels installed
// and answering, then compares spec by spec. A spec that passes on tfjs's kernels must pass on stacklab's; one
// that fails on tfjs's kernels too (an upstream or SwiftShader failure) is listed and skipped, not counted. The
// calls stacklab answered are counted and must reach a floor, in all and per kernel, so the run cannot pass by
// falling through.
// Prints its checks in uvu's summary format (Total / Passed / Skipped), which test/run.mjs sums.
//
// Alone: `node build.mjs && node test/tfjsSpecs/compare.mjs` (or, for one run, `node dist/test/tfjsSpecs.mjs
// --kernels stacklab [--filter REGEX]`). Run time on this 2-core machine without a GPU (SwiftShader): 15–88 s per run
// (599 specs each, both runs side by side) beside other work; up to 290 s on a heavily loaded one (437 specs),
// still ending before the Node stages. The spec files, and how they were chosen, are in specFiles.ts;
// the counts are in docs/tfjs-drop-in.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageSummary } from '../support/stageSummary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(root, 'dist/test/tfjsSpecs.mjs');
// Answered calls measured on SwiftShader: 385 of 441 (BatchMatMul 294, _FusedMatMul 15, Conv2D 53, FusedConv2D 23;
// the rest are int32 or bool products, NCHW convolutions, and calls whose errors tfjs's kernel raises).
const answeredFloor = 340;
const answeredFloorPerKernel = { BatchMatMul: 260, _FusedMatMul: 12, Conv2D: 45, FusedConv2D: 20 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-tfjs-specs-'));

function runOnce(kernels) {
  const out = path.join(tmp, `${kernels}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, '--kernels', kernels, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    child.on('close', (code) => {
      const run = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null;
      resolve({ kernels, code, log, run });
    });
  });
}

const [tfjs, stacklab] = await Promise.all([runOnce('tfjs'), runOnce('stacklab')]);
fs.rmSync(tmp, { recursive: true, force: true });
const summary = stageSummary();
const check = (ok, what, detail = '') => summary.record(ok, `${what}${detail ? `\n      ${detail.replace(/\n/g, '\n      ')}` : ''}`);

for (const { kernels, code, log, run } of [tfjs, stacklab]) {
  if (!run || code !== 0) check(false, `the run on ${kernels}'s kernels completed`, `exit code ${code}\n${log.slice(-4000)}`);
}
if (tfjs.run && stacklab.run) {
  // Full names repeat (a file may give two specs one name): key each by its name and its occurrence.
  const keyed = (specs) => {
    const seen = new Map();
    return specs.map((s) => {
      const n = (seen.get(s.name) ?? 0) + 1;
      seen.set(s.name, n);
      return { ...s, key: `${s.name}#${n}` };
    });
  };
  const ours = keyed(stacklab.run.specs);
  const theirs = new Map(keyed(tfjs.run.specs).map((s) => [s.key, s]));
  const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  const ran = (specs) => specs.filter((s) => s.status !== 'excluded').length;
  const excluded = ours.filter((s) => s.status === 'excluded').length;
  console.log(
    `tfjs-core's specs on ${stacklab.run.adapter}: ${ran(tfjs.run.specs)} run on tfjs's kernels (${tfjs.run.seconds.toFixed(0)} s), ` +
      `${ran(ours)} with the drop-in (${stacklab.run.seconds.toFixed(0)} s); ${excluded} left out as tfjs-backend-webgpu's own test setup leaves them out`,
  );
  check(tfjs.run.oneTfjsCore && stacklab.run.oneTfjsCore, 'the specs and the drop-in share one copy of tfjs-core');
  check(ours.length === theirs.size && ours.every((s) => theirs.has(s.key)), `the same ${theirs.size} specs ran both ways`);
  const skipped = [];
  let compared = 0;
  let failed = 0;
  for (const spec of ours) {
    const reference = theirs.get(spec.key);
    if (!reference || spec.status === 'excluded') continue;
    if (reference.status !== 'passed') {
      skipped.push(`${spec.name} (${reference.status} on tfjs's kernels: ${reference.failures[0]?.split('\n')[0] ?? ''})`);
      continue;
    }
    compared++;
    if (spec.status !== 'passed') {
      failed++;
      check(false, `${spec.name}: passes on tfjs's kernels, ${spec.status} with the drop-in (${spec.answered} of ${spec.reached} calls answered)`, spec.failures.join('\n'));
    }
  }
  for (let i = 0; i < compared - failed; i++) summary.record(true);
  console.log(`  ✔ ${compared - failed} of ${compared} specs that pass on tfjs's kernels pass with stacklab's`);
  if (skipped.length) console.log(`  - ${skipped.length} specs fail on tfjs's own kernels too, not counted:\n      ${skipped.join('\n      ')}`);
  const suiteErrors = stacklab.run.suiteErrors.filter((e) => !tfjs.run.suiteErrors.includes(e));
  check(suiteErrors.length === 0, 'no suite errors with the drop-in beyond those on tfjs\'s kernels', suiteErrors.join('\n'));
  const answered = sum(stacklab.run.answered);
  const reached = ours.reduce((n, s) => n + s.reached, 0);
  const fell = Object.entries(stacklab.run.fellThrough).map(([why, n]) => `${why} ${n}`).join(', ');
  const short = Object.entries(answeredFloorPerKernel).filter(([kernel, floor]) => (stacklab.run.answered[kernel] ?? 0) < floor);
  check(short.length === 0, `stacklab answered at least ${Object.entries(answeredFloorPerKernel).map(([k, n]) => `${n} ${k}`).join(', ')} calls`, short.map(([k, n]) => `${k}: ${stacklab.run.answered[k] ?? 0} < ${n}`).join('\n'));
  check(answered >= answeredFloor, `stacklab answered ${answered} of ${reached} calls (${Object.entries(stacklab.run.answered).map(([k, n]) => `${k} ${n}`).join(', ')}; at least ${answeredFloor} required), in ${ours.filter((s) => s.answered > 0).length} specs; fell through: ${fell || 'none'}`);
}

summary.finish();

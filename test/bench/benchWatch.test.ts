// `stacklab bench --kernel F --watch`, the edit-run loop, driven the way an editor would: start it, save a
// broken version (refused, the watch goes on), save a right one (a second result), stop it with Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab bench --watch');
const dir = suiteTempDir(test, 'stacklab-watch-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const examples = path.join(path.dirname(cli), '..', 'examples', 'kernels');
const kernel = path.join(dir, 'mine.wgsl');

const waitLimitMs = 120_000;
const fixtures = path.join(path.dirname(cli), '..', 'test', 'fixtures', 'kernels');

/** `stacklab bench … --watch` on `kernel`, with its output gathered and a wait for the n-th line matching a pattern. */
function startWatch(extra: string[] = []) {
  const child = spawn(process.execPath, [cli, 'bench', 'matmul', '--shapes', '16x16x16', '--samples', '2', '--kernel', kernel, '--watch', ...extra], {
    env: { ...process.env, STACKLAB_BENCH_MIN_MS: '20' },
  });
  let output = '';
  const waiters: { pattern: RegExp; count: number; resolve: () => void }[] = [];
  const seen = (pattern: RegExp) => output.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of waiters.filter((x) => seen(x.pattern) >= x.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const waitFor = (pattern: RegExp, count: number) =>
    new Promise<void>((resolve, reject) => {
      if (seen(pattern) >= count) return resolve();
      waiters.push({ pattern, count, resolve });
      setTimeout(() => reject(new Error(`waited ${waitLimitMs} ms for ${count}× ${pattern}; output so far:\n${output}`)), waitLimitMs);
    });
  return { child, exited, waitFor, seen, output: () => output };
}

test('each save is checked and timed again; a refused kernel keeps the watch going; Ctrl-C stops it', async () => {
  fs.copyFileSync(path.join(examples, 'naive.wgsl'), kernel);
  const { child, exited, waitFor, seen, output: text } = startWatch();
  let output = '';
  try {
    const accepted = /kernel mine \(.*mine\.wgsl\): matmul, tile 16x16: matches the float64 reference/;
    const watching = /watching .*mine\.wgsl for changes/;
    await waitFor(watching, 1);
    output = text();
    assert.is(seen(accepted), 1);
    assert.match(output, /│ matmul │ 16x16x16 │ mine /);

    fs.copyFileSync(path.join(examples, 'wrong.wgsl'), kernel);
    await waitFor(watching, 2);
    output = text();
    assert.match(output, /mine\.wgsl: wrong result on matmul 1x1x1 .*worst element C\[0, 0\]/);

    fs.copyFileSync(path.join(examples, 'tiled.wgsl'), kernel);
    await waitFor(watching, 3);
    output = text();
    assert.match(output, /kernel mine \(.*\): matmul, tile 64x64: matches the float64 reference/, 'the second result is the tiled kernel');
    assert.is(seen(/│ matmul │ 16x16x16 │ mine /), 2);
  } finally {
    child.kill('SIGINT');
  }
  assert.is(await exited, 0, text());
});

test('a kernel past its budget is reported and the watch goes on in a new worker process; one Ctrl-C ends it mid-run', async () => {
  fs.copyFileSync(path.join(fixtures, 'never-ends.wgsl'), kernel);
  const { child, exited, waitFor, output } = startWatch(['--dispatch-timeout', '2']);
  const watching = /watching .*mine\.wgsl for changes/;
  try {
    await waitFor(watching, 1);
    assert.match(output(), /mine on matmul 1x1x1 \(check\): a check run did not finish within its budget of 2\.0 s/);
    fs.copyFileSync(path.join(examples, 'naive.wgsl'), kernel);
    await waitFor(watching, 2);
    assert.match(output(), /kernel mine \(.*\): matmul, tile 16x16: matches the float64 reference/);
    // Ctrl-C while a run is stuck in the kernel: one is enough.
    fs.copyFileSync(path.join(fixtures, 'never-ends.wgsl'), kernel);
    await waitFor(/changed: checking and timing again/, 2);
  } finally {
    child.kill('SIGINT');
  }
  const started = Date.now();
  assert.is(await exited, 0, output());
  assert.ok(Date.now() - started < 15_000, `exit took ${Date.now() - started} ms after one Ctrl-C`);
});

test.run();

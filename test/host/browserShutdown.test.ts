// Whatever ends a browser-host run closes Chromium and the page server, and leaves no process behind: a page that
// crashes mid-run (the call fails with an EngineError that says so), and a signal to the `stacklab` command.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BenchOptions } from '../../src/bench/runBench.js';
import { EngineError } from '../../src/errors.js';
import { callInBrowser } from '../../src/host/hostRun.js';
import { commandLine, descendants, stillRunning } from '../support/processTree.js';
import { rejects } from '../support/rejects.js';

const test = suite('browser host: shutdown on failure');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));

// Long enough (minMs) that the crash and the signal land while the benchmark runs.
const bench: BenchOptions = { suites: ['matmul'], shapes: [[32, 32, 32]], transposed: false, samples: 3, minMs: 5_000 };

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

test('a page crashed mid-run fails the call with an EngineError; the browser, its processes and the server are gone', async () => {
  let browserPid = 0;
  let tree: number[] = [];
  let port = 0;
  // follow() is called as the page call starts, and the benchmark then runs for seconds (minMs): the crash lands in it.
  const crashMidRun = (page: Page) => {
    browserPid = page.browser().process()!.pid!;
    port = Number(new URL(page.url()).port);
    const timer = setTimeout(() => {
      tree = descendants(browserPid);
      // The renderer dies as it would of a fault; the command itself never answers.
      void page.createCDPSession().then((cdp) => cdp.send('Page.crash')).catch(() => undefined);
    }, 500);
    return () => clearTimeout(timer);
  };
  await rejects(callInBrowser({ follow: crashMidRun }, 'bench', bench), EngineError, /browser page crashed/);
  assert.ok(tree.length >= 2, `the browser had its processes when the page crashed: ${tree.join(', ')}`);
  assert.equal(await stillRunning([browserPid, ...tree], browserPid), [], 'no process of the browser is left');
  assert.is(await accepts(port), false, 'the page server is closed');
});

test('SIGTERM to `stacklab bench --host browser` mid-run closes the browser (its profile removed) and leaves no process', async () => {
  const child = spawn(process.execPath, [cli, 'bench', 'matmul', '--host', 'browser', '--shapes', '32x32x32'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STACKLAB_BENCH_MIN_MS: '20000' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  // The page is up once its renderer is; a moment later the benchmark runs in it.
  let tree: number[] = [];
  const deadline = Date.now() + 60_000;
  while (!tree.some((pid) => commandLine(pid).includes('--type=renderer'))) {
    if (Date.now() > deadline || child.exitCode !== null) assert.unreachable(`no browser renderer started: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    tree = descendants(child.pid!);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  tree = descendants(child.pid!);
  const browserPid = tree.find((pid) => !commandLine(pid).includes('--type='))!;
  const profile = /--user-data-dir=(\S+)/.exec(commandLine(browserPid))?.[1];
  child.kill('SIGTERM');
  assert.is(await exited, 'SIGTERM', `the command ends by the signal, as without the browser host: ${output}`);
  assert.equal(await stillRunning(tree, browserPid), [], 'no process of the browser is left');
  assert.ok(profile && !fs.existsSync(profile), `the browser closed properly: its profile ${profile} is removed`);
});

test.run();

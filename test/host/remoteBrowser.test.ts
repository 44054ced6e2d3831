import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { trainCommand, type TrainJson } from '../../src/commands/train.js';
import type { TrainCommandOptions } from '../../src/commands/trainCommandOptions.js';
import { openBrowserHost } from '../../src/host/browser.js';
import { chromiumArgs, findChromium } from '../../src/host/chromium.js';
import type { ResultEnv } from '../../src/results/env.js';
import { BadInputError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';
import { rejects } from '../support/rejects.js';

const test = suite('remote browser');

/** A Chromium started as a user would on a GPU machine: DevTools on a port, with the project's WebGPU flags. */
async function startDebuggableChromium(profile: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const args = [...chromiumArgs(), '--headless=new', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
  // Its own process group, so stopping it stops its GPU, renderer and crash-handler processes too.
  const child = spawn(findChromium(), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools endpoint within 60 s: ${seen.slice(-500)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (code ${code}) before listening: ${seen.slice(-500)}`)));
  });
  return { child, endpoint };
}

/** Starts a debuggable Chromium for `work`, then stops it and removes its profile. */
async function withDebuggableChromium(work: (endpoint: string, child: ChildProcess) => Promise<void>): Promise<void> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-remote-'));
  const { child, endpoint } = await startDebuggableChromium(profile);
  try {
    await work(endpoint, child);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // A child process may still be closing files in the profile for a moment after the browser process is gone.
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

test('--browser-endpoint: the engine page runs in a Chrome that was already running, which outlives the host', async () => {
  await withDebuggableChromium(async (endpoint, child) => {
    const host = await openBrowserHost({ endpoint });
    const env = await host.call<ResultEnv>('info');
    assert.is(env.host, 'browser');
    assert.ok(env.adapter.vendor || env.adapter.description, `the connected browser reports its adapter: ${JSON.stringify(env.adapter)}`);
    assert.ok(env.userAgent?.includes('Chrome'), env.userAgent);
    // Interception serves by the same rules as the 127.0.0.1 server: only below the run's token, only GET and HEAD.
    const url = new URL(host.page.url());
    assert.match(url.pathname, /^\/[A-Za-z0-9_-]{22}\/index\.html$/);
    const statuses = await host.page.evaluate(async () => {
      const status = async (path: string, init?: RequestInit) => (await fetch(path, init)).status;
      return [await status('engine.js'), await status('/engine.js'), await status('%E0%A4%A'), await status('engine.js', { method: 'POST' })];
    });
    assert.equal(statuses, [200, 404, 400, 405]);
    await host.close();
    // Closing disconnected: the browser is still there and takes a new connection.
    assert.is(child.exitCode, null, 'the remote browser still runs');
    const again = await puppeteer.connect({ browserWSEndpoint: endpoint });
    assert.ok((await again.pages()).every((page) => !page.url().includes('index.html')), 'the host closed its page');
    await again.disconnect();
  });
});

test('train --browser-endpoint: the MLP trains in the running Chrome and scores as on the Node host', async () => {
  await withDebuggableChromium(async (endpoint, child) => {
    const iris: TrainCommandOptions = { data: 'iris', ignore: [], hidden: [8], epochs: 2, batchSize: 16, lr: 0.01, impl: 'custom', testSize: 0.2, seed: 1, quiet: true };
    const remote = (await trainCommand({ ...iris, host: 'browser', browserEndpoint: endpoint })) as TrainJson;
    assert.is(remote.env.host, 'browser');
    assert.match(remote.env.chrome ?? '', /Chrome/);
    assert.is(remote.testAccuracy, ((await trainCommand(iris, await testEngine())) as TrainJson).testAccuracy);
    assert.is(child.exitCode, null, 'the remote browser still runs after train');
  });
});

test('--browser-endpoint refuses what is not a DevTools WebSocket URL', async () => {
  await rejects(openBrowserHost({ endpoint: 'http://127.0.0.1:9222' }), BadInputError, /ws:\/\/host:port/);
});

test.run();

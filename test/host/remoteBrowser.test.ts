import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openBrowserHost } from '../../src/host/browser.js';
import { chromiumArgs, findChromium } from '../../src/host/chromium.js';
import type { ResultEnv } from '../../src/results/env.js';

const test = suite('remote browser');

/** A Chromium started as a user would on a GPU machine: DevTools on a port, with the project's WebGPU flags. */
async function startDebuggableChromium(profile: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const args = [...chromiumArgs(), '--headless=new', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
  const child = spawn(findChromium(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
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

test('--browser-endpoint: the engine page runs in a Chrome that was already running, which outlives the host', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-remote-'));
  const { child, endpoint } = await startDebuggableChromium(profile);
  try {
    const host = await openBrowserHost({ endpoint });
    const env = await host.call<ResultEnv>('info');
    assert.is(env.host, 'browser');
    assert.ok(env.adapter.vendor || env.adapter.description, `the connected browser reports its adapter: ${JSON.stringify(env.adapter)}`);
    assert.ok(env.userAgent?.includes('Chrome'), env.userAgent);
    await host.close();
    // Closing disconnected: the browser is still there and takes a new connection.
    assert.is(child.exitCode, null, 'the remote browser still runs');
    const again = await puppeteer.connect({ browserWSEndpoint: endpoint });
    assert.ok((await again.pages()).every((page) => !page.url().includes('index.html')), 'the host closed its page');
    await again.disconnect();
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('--browser-endpoint refuses what is not a DevTools WebSocket URL', async () => {
  try {
    await openBrowserHost({ endpoint: 'http://127.0.0.1:9222' });
    assert.unreachable('an http URL was accepted');
  } catch (error) {
    assert.match((error as Error).message, /ws:\/\/host:port/);
  }
});

test.run();

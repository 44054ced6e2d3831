// The browser host's 127.0.0.1 server alone (no browser): the run's files below its token to its own Host, and a
// 4xx, with the rule that decided it, for every hostile request in test/support/hostileRequests.ts.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { newRunToken } from '../../src/host/pageServing.js';
import { serveStatic, type StaticServer } from '../../src/host/staticServer.js';
import { hostileFolder, hostileRequests } from '../support/hostileRequests.js';
import { rawRequest, rawStatus } from '../support/rawHttp.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('browser host: the page server');
const dir = suiteTempDir(test, 'stacklab-page-server-');
const token = newRunToken();
const secret = 'not for the page';
const pageDir = path.join(dir, 'page');
let server: StaticServer;
let port: number;

test.before(async () => {
  fs.mkdirSync(pageDir);
  fs.writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html>');
  // Large enough that a client leaving mid-file leaves the server writing into a closed socket.
  fs.writeFileSync(path.join(pageDir, 'big.bin'), Buffer.alloc(8 << 20, 7));
  const served = hostileFolder(path.join(dir, 'fuzz'), secret);
  server = await serveStatic({ token, roots: { 'fuzz/': served, '': pageDir } });
  port = Number(new URL(server.origin).port);
});
test.after(() => server.close());

test('a fresh 128-bit token per run, URL-safe', () => {
  const tokens = new Set(Array.from({ length: 100 }, newRunToken));
  assert.is(tokens.size, 100);
  for (const t of tokens) assert.match(t, /^[A-Za-z0-9_-]{22}$/);
});

test('the run\'s files, below its token, to GET and HEAD with its own Host; nothing else answers 200', async () => {
  const page = await fetch(`${server.origin}/${token}/index.html`);
  assert.is(page.status, 200);
  assert.is(await page.text(), '<!doctype html>');
  assert.is(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.is(page.headers.get('x-content-type-options'), 'nosniff');
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  assert.is(await (await fetch(`${server.origin}/${token}/fuzz/ok.txt`)).text(), 'ok');
  assert.is(await (await fetch(`${server.origin}/${token}/fuzz/sub/inner.txt?cache=1`)).text(), 'inner');
  const head = await fetch(`${server.origin}/${token}/index.html`, { method: 'HEAD' });
  assert.equal([head.status, head.headers.get('content-length'), await head.text()], [200, '15', '']);
  assert.is((await fetch(`${server.origin}/index.html`)).status, 404, 'without the token: 404');
  assert.is(await rawStatus(port, rawRequest('GET', `/${token}/index.html`, [['Host', 'rebound.example']])), 403, 'with a wrong Host: 403');
});

test('every hostile request gets a 4xx, the one its rule says, and the server goes on serving', async () => {
  const requests = hostileRequests(port, token);
  assert.ok(requests.length >= 250, `${requests.length} requests`);
  const wrong: string[] = [];
  for (const request of requests) {
    const status = await rawStatus(port, request.bytes);
    const fits = request.status === undefined ? status >= 400 && status < 500 : status === request.status;
    if (!fits) wrong.push(`${request.name}: ${status}, expected ${request.status ?? '4xx'}`);
  }
  assert.equal(wrong, [], wrong.join('\n'));
  assert.is((await fetch(`${server.origin}/${token}/fuzz/ok.txt`)).status, 200);
});

test('a client that leaves mid-file, or mid-request, does not take the server down', async () => {
  await new Promise<void>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(rawRequest('GET', `/${token}/big.bin`, [['Host', `127.0.0.1:${port}`]])));
    socket.once('data', () => socket.destroy());
    socket.on('close', () => resolve());
  });
  await new Promise<void>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`GET /${token}/index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Half`));
    // Read the answer (a 400), or the socket never sees the server's end and never closes.
    socket.resume();
    socket.on('close', () => resolve());
    socket.on('error', () => undefined);
  });
  const again = await fetch(`${server.origin}/${token}/big.bin`);
  assert.is((await again.arrayBuffer()).byteLength, 8 << 20);
});

test.run();

// A bounded, repeatable set of a few hundred malformed and hostile requests against the browser host's page origin,
// each of which must get a 4xx: what another local process, or a DNS-rebinding web page, might send while a run is
// on. The status is given where one rule decides it; where the HTTP parser refuses the bytes first, any 4xx will do.
import fs from 'node:fs';
import path from 'node:path';
import { rawRequest } from './rawHttp.js';

export interface HostileRequest {
  name: string;
  bytes: string | Buffer;
  /** The one status this request must get; absent: any 4xx. */
  status?: number;
}

/**
 * Makes `root`/served (to be served under the prefix "fuzz/"): a file that may be read (ok.txt), a folder, and
 * symlinks that lead out of it, to `root`/outside/secret.txt (holding `secret`) and to its folder. Returns the
 * served folder.
 */
export function hostileFolder(root: string, secret: string): string {
  const served = path.join(root, 'served');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(served, 'sub'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.txt'), secret);
  fs.writeFileSync(path.join(served, 'sub', 'inner.txt'), 'inner');
  fs.writeFileSync(path.join(served, 'ok.txt'), 'ok');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(served, 'escape'));
  fs.symlinkSync(outside, path.join(served, 'escapeDir'));
  fs.symlinkSync('../outside/secret.txt', path.join(served, 'relativeEscape'));
  return served;
}

/** Seeded, so a failure names the same bytes on every run. */
function garbage(seed: number, length: number): Buffer {
  let state = seed;
  return Buffer.from(Array.from({ length }, () => (state = (state * 16807) % 2147483647) & 0xff));
}

export function hostileRequests(port: number, token: string): HostileRequest[] {
  const host = `127.0.0.1:${port}`;
  const page = `/${token}/index.html`;
  const wrongToken = token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  const get = (target: string, headers: [string, string][] = [['Host', host]]) => rawRequest('GET', target, headers);
  const list: HostileRequest[] = [];
  const add = (name: string, bytes: string | Buffer, status?: number) => list.push({ name, bytes, status });

  // Paths: each with the right Host (GET and HEAD, one rule each), then with a wrong Host (403 before any path rule).
  const paths: [string, number | undefined][] = [
    // The run's token missing, wrong, or not the first segment: nothing at all is served.
    ['/', 404],
    ['/index.html', 404],
    ['/engine.js', 404],
    ['/favicon.ico', 404],
    ['/tfjs-wasm/tfjs-backend-wasm.wasm', 404],
    ['/fuzz/ok.txt', 404],
    [`/${wrongToken}/index.html`, 404],
    [`/${token}x/index.html`, 404],
    [`/${token.slice(1)}/index.html`, 404],
    [`/x/${token}/index.html`, 404],
    [`/${token}`, 404],
    [`/${encodeURIComponent(token)}%20/index.html`, 404],
    [`/%${token}/index.html`, 404],
    [`/${token.replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`)}/index.html`, 404],
    // Bad percent-encoding: the curl that once killed a run (without the token, a 404 as any other), and its kin.
    ['/%E0%A4%A', 404],
    [`/${token}/%E0%A4%A`, 400],
    [`/${token}/%`, 400],
    [`/${token}/%zz`, 400],
    [`/${token}/%FF`, 400],
    [`/${token}/index.html%`, 400],
    [`/${token}/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd`, 400],
    // Traversal, plain and encoded.
    [`/${token}/../../../../etc/passwd`, 400],
    [`/${token}/fuzz/../../../etc/passwd`, 400],
    [`/${token}/tfjs-wasm/../../../package.json`, 400],
    [`/${token}/%2e%2e/%2e%2e/etc/passwd`, 400],
    [`/${token}/%2E%2E%2Fpackage.json`, 400],
    [`/${token}/..%2f..%2fetc%2fpasswd`, 400],
    [`/${token}/..%5c..%5cetc%5cpasswd`, 400],
    [`/${token}/.%2e/index.html`, 400],
    [`/${token}/./index.html`, 400],
    [`/${token}//etc/passwd`, 400],
    [`/${token}/%2fetc%2fpasswd`, 400],
    [`/${token}/fuzz/%2e%2e%2f%2e%2e%2fescape`, 400],
    // NUL and control characters smuggled in by encoding.
    [`/${token}/index.html%00`, 400],
    [`/${token}/index.html%00.js`, 400],
    [`/${token}/%00/../index.html`, 400],
    [`/${token}/%0d%0aSet-Cookie:%20x=1`, 400],
    [`/${token}/%7f`, 400],
    // Folders and symlinks out of the served folder.
    [`/${token}/`, 400],
    [`/${token}/tfjs-wasm`, 404],
    [`/${token}/tfjs-wasm/`, 400],
    [`/${token}/fuzz/sub`, 404],
    [`/${token}/fuzz/escape`, 404],
    [`/${token}/fuzz/relativeEscape`, 404],
    [`/${token}/fuzz/escapeDir/secret.txt`, 404],
    [`/${token}/fuzz/missing.txt`, 404],
    // Too long to be one of ours.
    [`/${token}/${'a'.repeat(3000)}`, 414],
    [`/${token}/${'%41'.repeat(1000)}`, 414],
  ];
  for (const [target, status] of paths) {
    add(`GET ${target.slice(0, 80)}`, get(target), status);
    add(`HEAD ${target.slice(0, 80)}`, rawRequest('HEAD', target, [['Host', host]]), status);
    add(`GET ${target.slice(0, 80)} with Host: evil.example`, get(target, [['Host', 'evil.example']]), 403);
  }

  // Hosts a DNS-rebinding page (or a confused client) would send, on a path that is otherwise served.
  const hosts = ['evil.example', `evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `[::1]:${port}`, `127.0.0.1:${port}.evil.example`, `127.0.0.1:0${port}`, ''];
  for (const value of hosts) {
    add(`Host: ${value}`, get(page, [['Host', value]]), 403);
    add(`HEAD with Host: ${value}`, rawRequest('HEAD', page, [['Host', value]]), 403);
  }
  // Node's parser refuses an HTTP/1.1 request without a Host itself.
  add('no Host (HTTP/1.1)', get(page, []), 400);
  add('no Host (HTTP/1.0)', rawRequest('GET', page, [], 'HTTP/1.0'), 403);
  add('two Host headers, ours first', get(page, [['Host', host], ['Host', 'evil.example']]));
  add('two Host headers, ours second', get(page, [['Host', 'evil.example'], ['Host', host]]));

  // Methods other than GET and HEAD, on a path that GET would get.
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'PURGE', 'REPORT']) {
    add(`${method} ${page}`, rawRequest(method, page, [['Host', host]]), 405);
  }
  add('POST with a body', `POST ${page} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`, 405);
  add('CONNECT', rawRequest('CONNECT', host, [['Host', host]]), 405);
  add('OPTIONS *', rawRequest('OPTIONS', '*', [['Host', host]]), 405);
  for (const method of ['FOO', 'get', 'GETT', 'G\u0000T']) add(`method ${JSON.stringify(method)}`, rawRequest(method, page, [['Host', host]]));

  // Request targets in other forms than origin-form.
  add('absolute-form to us', get(`http://${host}${page}`), 400);
  add('absolute-form elsewhere', get(`http://evil.example${page}`), 400);
  add('asterisk-form GET', get('*'), 400);
  add('target without its leading slash', get(page.slice(1)), 400);
  add('authority-form GET', get(host), 400);

  // Headers the parser refuses, or that ask for what this server does not do.
  add('one 20 KB header', get(page, [['Host', host], ['X-Big', 'a'.repeat(20_000)]]), 431);
  add('one 100 KB header', get(page, [['Host', host], ['X-Big', 'a'.repeat(100_000)]]), 431);
  add('3 000 small headers', get(page, [['Host', host], ...Array.from({ length: 3000 }, (_, i): [string, string] => [`X-${i}`, 'v'])]), 431);
  add('a 20 KB target', get(`/${token}/${'b'.repeat(20_000)}`));
  add('header without a colon', `GET ${page} HTTP/1.1\r\nHost: ${host}\r\nNoColonHere\r\n\r\n`, 400);
  add('space in a header name', `GET ${page} HTTP/1.1\r\nHost: ${host}\r\nX Bad: 1\r\n\r\n`, 400);
  add('NUL in a header value', `GET ${page} HTTP/1.1\r\nHost: ${host}\r\nX-Nul: a\u0000b\r\n\r\n`, 400);
  add('obsolete line folding', `GET ${page} HTTP/1.1\r\nHost: ${host}\r\nX-Fold: a\r\n b\r\n\r\n`, 400);
  add('bare CR in the request line', `GET ${page}\rX HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400);
  add('raw NUL in the path', `GET /${token}/index.html\u0000 HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400);
  add('raw space in the path', `GET /${token}/index .html HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400);
  add('raw backslash traversal', `GET /${token}/..\\..\\etc\\passwd HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400);
  add('Content-Length not a number', `GET ${page} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: abc\r\n\r\n`, 400);
  add('two Content-Lengths', `GET ${page} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 400);
  add('Content-Length with Transfer-Encoding', `POST ${page} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400);
  add('Expect that is not 100-continue', get(page, [['Host', host], ['Expect', 'bogus']]), 417);
  add('WebSocket upgrade', get(page, [['Host', host], ['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Sec-WebSocket-Version', '13']]), 400);
  add('HTTP/9.9', rawRequest('GET', page, [['Host', host]], 'HTTP/9.9'), 400);
  add('HTTP/0.9 request line', `GET ${page}\r\n\r\n`);
  add('HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
  add('TLS ClientHello', Buffer.from('16030100a5010000a10303', 'hex'));
  add('empty lines, then garbage', '\r\n\r\n\r\nxyz\r\n\r\n');
  for (let seed = 1; seed <= 40; seed++) add(`garbage bytes #${seed}`, Buffer.concat([garbage(seed, 64 + seed * 13), Buffer.from('\r\n\r\n')]));
  return list;
}

// Serves the built page (dist/page) on 127.0.0.1: navigator.gpu needs a secure context, which loopback is.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.csv': 'text/csv',
  // WebAssembly.instantiateStreaming (tfjs-backend-wasm) accepts only this type.
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return types[path.extname(file)] ?? 'application/octet-stream';
}

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves only files under `roots` (first match wins), on a free port; anything else is a 404. */
export async function serveStatic(roots: Record<string, string>): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = resolveFile(roots, decodeURIComponent(url.pathname));
    if (!file) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    // A connection the page still holds (keep-alive, a fetch still in flight) would keep close() waiting for minutes.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `roots` maps a URL prefix ("/" or "/models/") to a folder; paths that climb out of it are refused. */
export function resolveFile(roots: Record<string, string>, pathname: string): string | null {
  for (const [prefix, dir] of Object.entries(roots)) {
    if (!pathname.startsWith(prefix)) continue;
    const base = path.resolve(dir);
    const file = path.resolve(base, '.' + path.sep + pathname.slice(prefix.length));
    if (!file.startsWith(base + path.sep)) continue;
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

// What one request to the browser host's page origin gets: a file (and the headers it goes with), or a 4xx that
// says why not. Both ways of serving the page (the 127.0.0.1 server, and DevTools interception for a connected
// browser) answer through this, so they follow one set of rules. The requester may be any local process or a
// DNS-rebinding web page, so everything in the request is hostile until checked, and nothing here throws on what
// it is sent.
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the origin serves: files under `roots`, only below `/<token>/`, only to requests naming `host`. */
export interface PageRoutes {
  /** The run's secret path segment: without it, nothing is served. */
  token: string;
  /** The only Host header accepted: `127.0.0.1:PORT`. A rebinding page's requests name its own host instead. */
  host: string;
  /**
   * Folders by path prefix below `/<token>/`, relative ("tfjs-wasm/", "" for the page itself); the first prefix
   * under which the file exists wins.
   */
  roots: Record<string, string>;
}

export interface PageRequest {
  method: string;
  /** The request target as sent (`/token/index.html?x=1`): origin-form is the only form accepted. */
  target: string;
  /** Every Host header the request carried (one, unless it is hostile). */
  hosts: string[];
}

/** A request refused: the 4xx, and why, in words the body says. */
export type PageRefusal = { status: 400 | 403 | 404 | 405 | 414; reason: string };

export type PageAnswer = { status: 200; file: string; size: number } | PageRefusal;

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

/** The Content-Type a served file is sent with, by its extension. */
export function contentType(file: string): string {
  return types[path.extname(file)] ?? 'application/octet-stream';
}

/**
 * Sent with every file: no caching (a run's data is its own), no sniffing, no other origin may embed it, and the
 * token in the page's URL goes nowhere in a Referer.
 */
export const fileHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

/** Longer targets are refused before any decoding: no file the page loads has a path near this. */
const maxTargetLength = 2048;

export const allowedMethods = 'GET, HEAD';

const refuse = (status: PageRefusal['status'], reason: string): PageAnswer => ({ status, reason });

/** The headers and body of a refusal, the same from both ways of serving the page: plain text, and Allow on a 405. */
export function refusalResponse(refused: PageRefusal): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', ...(refused.status === 405 ? { allow: allowedMethods } : {}) };
  return { headers, body: `${refused.status} ${refused.reason}\n` };
}

/** Never throws: a rule broken is a 4xx, and an unexpected failure (a file gone mid-check) is a 404. */
export async function answerPageRequest(routes: PageRoutes, request: PageRequest): Promise<PageAnswer> {
  // The Host check comes first, so a rebinding page learns nothing, not even which paths exist.
  if (request.hosts.length !== 1 || request.hosts[0] !== routes.host) return refuse(403, `this origin answers only Host: ${routes.host}`);
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, `only ${allowedMethods}`);
  if (request.target.length > maxTargetLength) return refuse(414, 'request target too long');
  // Absolute-form (a proxy request), asterisk-form and anything else not starting at the root are not ours.
  if (!request.target.startsWith('/')) return refuse(400, 'only origin-form request targets (/path)');
  // Without the token, every request gets the same 404, whatever else is wrong with it. The token is URL-safe, so
  // it is compared as sent.
  const [first, ...rest] = request.target.split(/[?#]/, 1)[0].slice(1).split('/');
  if (!sameToken(first, routes.token)) return refuse(404, 'not found');
  const segments = pathSegments(rest);
  if (typeof segments === 'string') return refuse(400, segments);
  try {
    const found = await findFile(routes.roots, segments);
    return found ?? refuse(404, 'not found');
  } catch {
    return refuse(404, 'not found');
  }
}

/** The decoded path segments below the token, or why they are refused. */
function pathSegments(raw: string[]): string[] | string {
  const segments: string[] = [];
  for (const part of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return 'bad percent-encoding';
    }
    // No dot segments, no empty ones, and no separator, NUL or control character smuggled in by encoding.
    if (segment === '' || segment === '.' || segment === '..') return 'empty or dot path segment';
    if (/[/\\\u0000-\u001f\u007f]/.test(segment)) return 'separator or control character in a path segment';
    segments.push(segment);
  }
  return segments;
}

/** Constant-time, so the token cannot be guessed a character at a time from response times. */
function sameToken(segment: string, token: string): boolean {
  const given = Buffer.from(segment);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * The regular file `segments` names under one of `roots`, after symlinks: a link that leads out of its root's
 * folder (to /etc/passwd, say) is not found, nor is a folder.
 */
async function findFile(roots: Record<string, string>, segments: string[]): Promise<PageAnswer | null> {
  const relative = segments.join('/');
  for (const [prefix, dir] of Object.entries(roots)) {
    if (!relative.startsWith(prefix) || relative.length === prefix.length) continue;
    const base = await fs.promises.realpath(dir).catch(() => null);
    if (!base) continue;
    const real = await fs.promises.realpath(path.join(base, relative.slice(prefix.length))).catch(() => null);
    if (!real || !real.startsWith(base + path.sep)) continue;
    const stat = await fs.promises.stat(real);
    if (stat.isFile()) return { status: 200, file: real, size: stat.size };
  }
  return null;
}

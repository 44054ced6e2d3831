// How the browser gets the built page. A browser we launch on this machine loads it from the 127.0.0.1 static
// server. A browser we connect to (--browser-endpoint) may be on another machine, where our 127.0.0.1 is not
// reachable: its page's requests to our origin are intercepted and answered from the same files through the
// DevTools connection, so the page needs no server the remote browser can reach, and http://127.0.0.1 still
// makes it a secure context (navigator.gpu). Requests to any other origin are refused: nothing reaches the network.
//
// Either way, everything is served below a fresh random token per run (/<token>/index.html), by the same rules
// (pageRequest.ts): any local process can reach the server's port, and only the page we loaded knows the token.
// The page learns it from its own URL: every path it fetches is relative to its base.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { HTTPRequest, Page } from 'puppeteer';
import { answerPageRequest, contentType, fileHeaders, refusalResponse } from './pageRequest.js';
import { serveStatic } from './staticServer.js';

export interface PageOrigin {
  /** The URL the page's folder is served at: origin, token, slash. */
  base: string;
  close(): Promise<void>;
}

/** The origin a connected browser's page is loaded from; no server listens there. */
const interceptedHost = '127.0.0.1:7357';

/** 128 random bits, URL-safe. */
export function newRunToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Roots keyed by a path relative to the page's folder: "tfjs-wasm/", or "" for the folder itself. */
function relativeRoots(roots: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(roots).map(([prefix, dir]) => {
      const relative = prefix.replace(/^\/+/, '');
      return [relative === '' || relative.endsWith('/') ? relative : relative + '/', dir];
    }),
  );
}

/** Serves `roots` to `page` below a new token: from 127.0.0.1, or through `page`'s DevTools connection when `remote`. */
export async function servePage(page: Page, roots: Record<string, string>, remote: boolean): Promise<PageOrigin> {
  const token = newRunToken();
  const routes = { token, roots: relativeRoots(roots) };
  if (!remote) {
    const server = await serveStatic(routes);
    return { base: `${server.origin}/${token}/`, close: server.close };
  }
  await page.setRequestInterception(true);
  const answer = async (request: HTTPRequest): Promise<void> => {
    const url = new URL(request.url());
    if (url.protocol !== 'http:' || url.host !== interceptedHost) return request.abort('blockedbyclient');
    const found = await answerPageRequest({ ...routes, host: interceptedHost }, { method: request.method(), target: url.pathname + url.search, hosts: [url.host] });
    if (found.status !== 200) return request.respond({ status: found.status, ...refusalResponse(found) });
    const body = request.method() === 'HEAD' ? '' : await fs.promises.readFile(found.file);
    return request.respond({ status: 200, contentType: contentType(found.file), headers: fileHeaders, body });
  };
  // A listener of puppeteer's must not throw: a request already answered, cancelled or failed is left alone.
  const listener = (request: HTTPRequest) => void answer(request).catch(() => request.abort('failed').catch(() => undefined));
  page.on('request', listener);
  return {
    base: `http://${interceptedHost}/${token}/`,
    close: async () => void page.off('request', listener),
  };
}

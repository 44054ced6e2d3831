// How the browser gets the built page. A browser we launch on this machine loads it from the 127.0.0.1 static
// server. A browser we connect to (--browser-endpoint) may be on another machine, where our 127.0.0.1 is not
// reachable: its page's requests to our origin are intercepted and answered from the same files through the
// DevTools connection, so the page needs no server the remote browser can reach, and http://127.0.0.1 still
// makes it a secure context (navigator.gpu). Requests to any other origin are refused: nothing reaches the network.
import fs from 'node:fs';
import type { HTTPRequest, Page } from 'puppeteer';
import { contentType, resolveFile, serveStatic } from './staticServer.js';

export interface PageOrigin {
  origin: string;
  close(): Promise<void>;
}

/** The origin a connected browser's page is loaded from; no server listens there. */
const interceptedOrigin = 'http://127.0.0.1:7357';

export async function servePage(page: Page, roots: Record<string, string>, remote: boolean): Promise<PageOrigin> {
  if (!remote) return serveStatic(roots);
  await page.setRequestInterception(true);
  const answer = (request: HTTPRequest) => {
    const url = new URL(request.url());
    const file = url.origin === interceptedOrigin ? resolveFile(roots, decodeURIComponent(url.pathname)) : null;
    if (url.origin !== interceptedOrigin) void request.abort('blockedbyclient');
    else if (!file) void request.respond({ status: url.pathname === '/favicon.ico' ? 204 : 404, body: '' });
    else void request.respond({ status: 200, contentType: contentType(file), headers: { 'cache-control': 'no-store' }, body: fs.readFileSync(file) });
  };
  page.on('request', answer);
  return {
    origin: interceptedOrigin,
    close: async () => void page.off('request', answer),
  };
}

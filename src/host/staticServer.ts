// Serves the browser host's page on 127.0.0.1 (navigator.gpu needs a secure context, which loopback is), by the
// rules of pageRequest.ts. Any local process can connect, so no request may take the server down with it: the
// handler cannot throw, every stream has its errors handled, and what the HTTP parser refuses (bad request lines,
// oversized headers), CONNECT and upgrade requests all get a 4xx before the connection is closed.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { allowedMethods, answerPageRequest, contentType, fileHeaders, refusalResponse, type PageRoutes } from './pageRequest.js';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

// Generous for the page's own requests, short for a client that opens a connection and trickles bytes into it.
const headersTimeoutMs = 10_000;
const requestTimeoutMs = 30_000;

const ignore = () => undefined;

/** A whole response written straight to a socket the HTTP layer will not answer on (a parse error, CONNECT, an upgrade). */
function refuseOnSocket(socket: Socket, status: number, extra = ''): void {
  socket.on('error', ignore);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${extra}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function answer(routes: PageRoutes, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  // Every Host header, not Node's pick of one: a request with two is refused.
  const hosts = request.rawHeaders.flatMap((name, i) => (i % 2 === 0 && name.toLowerCase() === 'host' ? [request.rawHeaders[i + 1]] : []));
  const found = await answerPageRequest(routes, { method: request.method ?? '', target: request.url ?? '', hosts });
  if (found.status !== 200) {
    // A refused request's connection is not kept: a hostile client gets one answer per connection.
    const { headers, body } = refusalResponse(found);
    response.writeHead(found.status, { ...headers, connection: 'close' }).end(request.method === 'HEAD' ? undefined : body);
    return;
  }
  const file = await fs.promises.open(found.file, 'r');
  response.writeHead(200, { 'content-type': contentType(found.file), 'content-length': found.size, ...fileHeaders });
  if (request.method === 'HEAD') {
    await file.close();
    response.end();
    return;
  }
  // pipeline closes the file and destroys the response on an error on either side (the client went away, a read failed).
  pipeline(file.createReadStream(), response, ignore);
}

/** Serves the files `routes` allows on a free port of 127.0.0.1; `routes.host` is filled in with that port. */
export async function serveStatic(routes: Omit<PageRoutes, 'host'>): Promise<StaticServer> {
  const server = http.createServer({ headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs });
  let served: PageRoutes | undefined;
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    request.on('error', ignore);
    response.on('error', ignore);
    // answer() refuses by returning a 4xx; what it throws is the file failing under it (removed, unreadable).
    answer(served!, request, response).catch(() => {
      if (response.headersSent) response.destroy();
      else response.writeHead(404, { connection: 'close' }).end();
    }).catch(() => response.destroy());
  });
  // What the parser refuses never reaches 'request': without this, Node would answer too, but this says which 4xx.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (error.code === 'ECONNRESET') socket.destroy();
    else refuseOnSocket(socket, status);
  });
  // Without listeners, Node would close these connections with no answer at all.
  server.on('connect', (_request, socket: Socket) => refuseOnSocket(socket, 405, `Allow: ${allowedMethods}\r\n`));
  server.on('upgrade', (_request, socket: Socket) => refuseOnSocket(socket, 400));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  server.on('error', ignore);
  const { port } = server.address() as AddressInfo;
  served = { ...routes, host: `127.0.0.1:${port}` };
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

// Requests written byte for byte to a socket: the malformed and hostile ones no HTTP client agrees to send (bad
// percent-encoding, raw NUL bytes, absolute-form targets, odd methods, oversized or repeated headers).
import net from 'node:net';

/**
 * Sends `bytes` over a new connection to 127.0.0.1:`port` and resolves with the status code of the answer's first
 * line, or 0 when the server closed the connection without one.
 */
export function rawStatus(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const statusSoFar = () => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
    const done = (status: number) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(bytes.toString().slice(0, 120))}`));
    }, timeoutMs);
    // The server may close its side while a long request is still being written: that is an answer, not an error.
    socket.on('error', () => done(statusSoFar()));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const line = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(answer);
      if (line) done(Number(line[1]));
    });
    socket.on('end', () => done(statusSoFar()));
    socket.write(bytes);
  });
}

/** A request as sent: request line, the headers given (Host first), and `Connection: close`. */
export function rawRequest(method: string, target: string, headers: [string, string][], version = 'HTTP/1.1'): string {
  return `${method} ${target} ${version}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}Connection: close\r\n\r\n`;
}

// What a piece of work writes to stdout and stderr, kept from the test's own output (the streams stay pipes, so the
// work sees a stderr that is not a terminal, as in a CI log).
export interface CapturedOutput<T> {
  result: T;
  stdout: string;
  stderr: string;
}

export async function capturedOutput<T>(work: () => T | Promise<T>): Promise<CapturedOutput<T>> {
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const text = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = ((chunk: string | Uint8Array) => {
      text[name] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  }
  try {
    const result = await work();
    return { result, ...text };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

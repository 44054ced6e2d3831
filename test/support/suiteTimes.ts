// Test time is a budget (`npm test` on SwiftShader is slow), so the runner says where it went: each queued uvu suite
// is wrapped to time itself, and the slowest are listed after uvu's summary.
type QueuedSuite = () => Promise<unknown>;

const shown = 12;

export function timeQueuedSuites(): () => string {
  const queue = (globalThis as { UVU_QUEUE?: unknown[][] }).UVU_QUEUE ?? [];
  const times: { name: string; seconds: number }[] = [];
  for (const group of queue) {
    for (let index = 1; index < group.length; index++) {
      const suite = group[index] as QueuedSuite;
      group[index] = async () => {
        const name = firstWrite();
        const start = performance.now();
        try {
          return await suite();
        } finally {
          times.push({ name: name.text(), seconds: (performance.now() - start) / 1000 });
        }
      };
    }
  }
  return () => {
    const total = times.reduce((sum, time) => sum + time.seconds, 0);
    const slowest = [...times].sort((a, b) => b.seconds - a.seconds).slice(0, shown);
    const lines = slowest.map((time) => `  ${time.seconds.toFixed(1).padStart(7)} s  ${time.name}`);
    return [`Slowest suites (${times.length} suites, ${total.toFixed(0)} s in all):`, ...lines, ''].join('\n');
  };
}

// uvu queues each suite as an anonymous bound runner whose first act is writing the suite's name to stdout.
function firstWrite(): { text(): string } {
  const write = process.stdout.write;
  let seen = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    process.stdout.write = write;
    seen = String(chunk).replace(/\x1b\[[0-9;]*m/g, '').trim();
    return (write as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  return { text: () => seen || '(unnamed suite)' };
}

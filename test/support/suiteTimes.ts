// Test time is a budget (`npm test` on SwiftShader is slow), so the runner says where it went: each queued uvu suite
// is wrapped to time itself, and the slowest are listed after uvu's summary. Wall time depends on what else runs
// beside the suite, so CPU time is listed too: this process's (SwiftShader's threads included) plus that of the
// child processes it waited for (CLI runs, Chromium), read from /proc where there is one.
import fs from 'node:fs';

type QueuedSuite = () => Promise<unknown>;

const shown = 12;

export function timeQueuedSuites(): () => string {
  const queue = (globalThis as { UVU_QUEUE?: unknown[][] }).UVU_QUEUE ?? [];
  const times: { name: string; seconds: number; cpuSeconds: number }[] = [];
  for (const group of queue) {
    for (let index = 1; index < group.length; index++) {
      const suite = group[index] as QueuedSuite;
      group[index] = async () => {
        const name = firstWrite();
        const start = performance.now();
        const cpuStart = cpuSeconds();
        try {
          return await suite();
        } finally {
          times.push({ name: name.text(), seconds: (performance.now() - start) / 1000, cpuSeconds: cpuSeconds() - cpuStart });
        }
      };
    }
  }
  return () => {
    const total = times.reduce((sum, time) => sum + time.seconds, 0);
    const cpuTotal = times.reduce((sum, time) => sum + time.cpuSeconds, 0);
    const slowest = [...times].sort((a, b) => b.seconds - a.seconds).slice(0, shown);
    const lines = slowest.map((time) => `  ${time.seconds.toFixed(1).padStart(7)} s  ${time.cpuSeconds.toFixed(1).padStart(7)} s CPU  ${time.name}`);
    return [`Slowest suites (${times.length} suites, ${total.toFixed(0)} s in all, ${cpuTotal.toFixed(0)} s CPU):`, ...lines, ''].join('\n');
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

// utime + stime + cutime + cstime from /proc/self/stat, in clock ticks of 1/100 s (Linux's USER_HZ); where there is
// no /proc, this process's own CPU time.
function cpuSeconds(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
}

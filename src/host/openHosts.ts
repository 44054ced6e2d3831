// Every browser host open in this process, so that a signal closes them all before the process ends. Puppeteer's
// own signal handlers are off (browser.ts): its SIGINT one exits at once, without closing our server or removing
// the browser's profile, and its SIGTERM one closes the browser but leaves the process running, to fail later with
// a protocol error. Instead, while a host is open, SIGINT, SIGTERM and SIGHUP close every open host (a bounded
// wait, then the launched browsers' process groups are killed), and the signal is raised again, so the process
// ends as it would have without us (the shell sees 128 + the signal's number).
//
// A caller with its own listener for the signal keeps it: `bench --watch` stops on Ctrl-C after its run and closes
// its host itself. A second signal, once that listener is gone, closes the hosts here.

export interface OpenHost {
  /** Closes the page, the server and the browser (or the connection to a remote one). */
  close(): Promise<void>;
  /** Kills what close() could not: the launched browser's whole process group, at once. */
  kill(): void;
}

const open = new Set<OpenHost>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How long a signal waits for the hosts to close properly (the browser removes its profile) before killing them. */
const closeOnSignalMs = 5_000;

async function closeAllThenReraise(signal: NodeJS.Signals): Promise<void> {
  // Someone else handles this signal: they close their host.
  if (process.listenerCount(signal) > 1) return;
  const hosts = [...open];
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, closeOnSignalMs).unref());
  await Promise.race([Promise.allSettled(hosts.map((host) => host.close())), deadline]);
  hosts.forEach((host) => host.kill());
  stopListening();
  process.kill(process.pid, signal);
}

const onSignal = (signal: NodeJS.Signals) => void closeAllThenReraise(signal);

function stopListening(): void {
  for (const signal of signals) process.off(signal, onSignal);
}

/** Counts `host` as open until `forget`; the first open host installs the signal listeners, the last one removes them. */
export function rememberHost(host: OpenHost): void {
  if (open.size === 0) for (const signal of signals) process.on(signal, onSignal);
  open.add(host);
}

export function forgetHost(host: OpenHost): void {
  open.delete(host);
  if (open.size === 0) stopListening();
}

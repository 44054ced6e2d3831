// Which processes a test started, read from /proc (Linux): a browser's GPU, renderer and zygote processes are its
// descendants and share its process group, so "no process left" is checked on both.
import fs from 'node:fs';

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …", where comm may hold spaces and parentheses: read after the last ")".
    const [state, ppid, pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp) };
  } catch {
    return null;
  }
}

function allProcesses(): ProcStat[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
}

/** A zombie has ended and only waits for its parent to read its status: it is not counted as running. */
const running = (stat: ProcStat) => stat.state !== 'Z' && stat.state !== 'X';

/** Every running process whose parent chain leads to `pid`, `pid` not included. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const stat of allProcesses().filter(running)) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const found: number[] = [];
  const walk = (parent: number) => (children.get(parent) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}

/** Which of `pids`, and which members of process group `group`, still run after waiting up to `ms` for them to go. */
export async function stillRunning(pids: number[], group: number, ms = 3_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = allProcesses().filter((stat) => running(stat) && (pids.includes(stat.pid) || stat.pgrp === group));
    if (left.length === 0 || Date.now() > deadline) return left.map((stat) => stat.pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The command line of `pid`, its arguments joined by spaces ('' when it has ended). */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

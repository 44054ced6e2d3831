import fs from 'node:fs';
import path from 'node:path';
import { exec } from 'uvu';
import { timeQueuedSuites } from './suiteTimes.js';

type QueuedSuite = () => Promise<unknown>;

/**
 * STACKLAB_TEST_CLAIMS=DIR (set by test/run.mjs for its Node processes): every process holds the whole queue and
 * runs a suite only if it is the first to claim it (mkdir is atomic), so whichever process is free takes the next.
 */
function claimSuites(): void {
  const dir = process.env.STACKLAB_TEST_CLAIMS;
  if (!dir) return;
  let index = 0;
  for (const group of (globalThis as { UVU_QUEUE?: unknown[][] }).UVU_QUEUE ?? []) {
    // Each group is [file name, ...suites].
    for (let i = 1; i < group.length; i++) {
      const suite = group[i] as QueuedSuite;
      const claim = path.join(dir, String(index++));
      group[i] = async () => (claimed(claim) ? suite() : [true, 0, 0, 0]);
    }
  }
}

function claimed(claim: string): boolean {
  try {
    fs.mkdirSync(claim);
    return true;
  } catch {
    return false;
  }
}

export async function runQueuedTests(): Promise<void> {
  // Claims wrap the timed suites, so a suite another process runs is neither run nor timed here.
  const report = timeQueuedSuites();
  claimSuites();
  await exec();
  process.stdout.write(report());
  // Dawn keeps the event loop alive; the verdict is uvu's exit code.
  process.exit(process.exitCode ?? 0);
}

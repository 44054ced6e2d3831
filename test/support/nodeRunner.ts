import { exec } from 'uvu';
import { timeQueuedSuites } from './suiteTimes.js';

export async function runQueuedTests(): Promise<void> {
  const report = timeQueuedSuites();
  await exec();
  process.stdout.write(report());
  // Dawn keeps the event loop alive; the verdict is uvu's exit code.
  process.exit(process.exitCode ?? 0);
}

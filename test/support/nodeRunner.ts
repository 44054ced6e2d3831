import { exec } from 'uvu';

export async function runQueuedTests(): Promise<void> {
  await exec();
  // Dawn keeps the event loop alive; the verdict is uvu's exit code.
  process.exit(process.exitCode ?? 0);
}

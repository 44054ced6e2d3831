import { exec } from 'uvu';

/** The browser host waits for this flag, and reads uvu's Total/Passed lines from the console. */
export async function runQueuedTests(): Promise<void> {
  try {
    await exec();
  } finally {
    (globalThis as { stacklabTestsDone?: boolean }).stacklabTestsDone = true;
  }
}

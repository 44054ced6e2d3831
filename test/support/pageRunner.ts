import { exec } from 'uvu';
import { testsDoneLine } from './browserProtocol.js';

/** The browser host waits for testsDoneLine, then reads uvu's Total/Passed lines from the console. */
export async function runQueuedTests(): Promise<void> {
  try {
    await exec();
  } finally {
    console.log(testsDoneLine);
  }
}

// Progress bars for long commands, on stderr only, and only where someone watches (stderr is a terminal) or when
// asked (--progress): piped stdout stays clean and a redirected stderr does not fill with bar redraws.
import { SingleBar } from 'cli-progress';
import { noProgress, type ProgressSink } from '../node.js';

export function progressBars(asked: boolean): ProgressSink {
  if (!asked && !process.stderr.isTTY) return noProgress;
  return (label, total) => {
    const bar = new SingleBar({ format: '{label} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5000 });
    bar.start(total, 0, { label });
    return { update: (done) => bar.update(done), end: () => bar.stop() };
  };
}

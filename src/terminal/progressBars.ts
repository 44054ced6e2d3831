// Progress bars for long commands, on stderr only, and only where someone watches (stderr is a terminal) or when
// asked (--progress): piped stdout stays clean and a redirected stderr does not fill with bar redraws. A task that
// says how many examples a unit stands for (training steps) also shows examples per second; every bar shows the time
// left at the pace so far (an upper bound for training, which can stop early on its stopping rule).
import { SingleBar } from 'cli-progress';
import { noProgress, type ProgressSink } from '../node.js';

/** Examples per second since the task started, as the bar's suffix (empty before the first unit). */
function pace(done: number, examplesPerUnit: number | undefined, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  if (!examplesPerUnit || done === 0 || seconds <= 0) return '';
  return `, ${((done * examplesPerUnit) / seconds).toFixed(1)} examples/s`;
}

export function progressBars(asked: boolean): ProgressSink {
  if (!asked && !process.stderr.isTTY) return noProgress;
  return (label, total, examplesPerUnit) => {
    const bar = new SingleBar({ format: '{label} [{bar}] {value}/{total}{pace}, {eta_formatted} left', stream: process.stderr, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5000, etaBuffer: 20 });
    const started = performance.now();
    bar.start(total, 0, { label, pace: '' });
    return { update: (done) => bar.update(done, { pace: pace(done, examplesPerUnit, started) }), end: () => bar.stop() };
  };
}

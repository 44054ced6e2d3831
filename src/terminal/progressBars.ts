// Progress bars for long commands, on stderr only, and only where someone watches (stderr is a terminal) or when
// asked (--progress): piped stdout stays clean and a redirected stderr does not fill with bar redraws. After the first
// unit a bar shows the time left at the pace so far (an upper bound for training, which can stop early on its
// stopping rule), and a task that says how many examples a unit stands for (training steps) examples per second.
import { SingleBar } from 'cli-progress';
import { noProgress, type ProgressSink } from '../node.js';

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** The bar's suffix: examples per second and time left, from the pace since the task started (empty before it). */
function pace(done: number, total: number, examplesPerUnit: number | undefined, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  if (done === 0 || seconds <= 0) return '';
  const rate = examplesPerUnit ? `, ${((done * examplesPerUnit) / seconds).toFixed(1)} examples/s` : '';
  return `${rate}, ${duration((seconds / done) * (total - done))} left`;
}

export function progressBars(asked: boolean): ProgressSink {
  if (!asked && !process.stderr.isTTY) return noProgress;
  return (label, total, examplesPerUnit) => {
    const bar = new SingleBar({ format: '{label} [{bar}] {value}/{total}{pace}', stream: process.stderr, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5000 });
    const started = performance.now();
    bar.start(total, 0, { label, pace: '' });
    return { update: (done) => bar.update(done, { pace: pace(done, total, examplesPerUnit, started) }), end: () => bar.stop() };
  };
}

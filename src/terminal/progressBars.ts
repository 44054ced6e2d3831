// Progress bars for long commands, on stderr only, and only where someone watches (stderr is a terminal) or when
// asked (--progress): piped stdout stays clean and a redirected stderr does not fill with bar redraws. After the first
// unit a bar shows the time left at the pace so far (an upper bound for training, which can stop early on its
// stopping rule), and a task that says how many examples a unit stands for (training steps) examples per second.
// Off a terminal cli-progress prints a line from a timer only, and a timer never fires while training keeps the event
// loop busy (wasm steps are synchronous; their reads resolve as microtasks): a scratch run printed its 0/150 line and
// nothing else for minutes. So there each update prints a line itself when the last is `lineEveryMs` old.
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

export function progressBars(asked: boolean, lineEveryMs = 5000): ProgressSink {
  if (!asked && !process.stderr.isTTY) return noProgress;
  const lines = !process.stderr.isTTY;
  return (label, total, examplesPerUnit) => {
    const bar = new SingleBar({ format: '{label} [{bar}] {value}/{total}{pace}', stream: process.stderr, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: lineEveryMs });
    const started = performance.now();
    let lastLine = started;
    bar.start(total, 0, { label, pace: '' });
    return {
      update: (done) => {
        bar.update(done, { pace: pace(done, total, examplesPerUnit, started) });
        if (lines && performance.now() - lastLine >= lineEveryMs) {
          bar.render();
          lastLine = performance.now();
        }
      },
      end: () => bar.stop(),
    };
  };
}

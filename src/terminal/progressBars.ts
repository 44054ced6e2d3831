// Progress bars for long commands, on stderr only, and only where someone watches (stderr is a terminal) or when
// asked (--progress): piped stdout stays clean and a redirected stderr does not fill with bar redraws. After the first
// unit a bar shows the time left at the pace so far (an upper bound for training, which can stop early on its
// stopping rule), and a task that says how many examples a unit stands for (training steps) examples per second.
// Off a terminal cli-progress prints a line from a timer only, and a timer never fires while training keeps the event
// loop busy (wasm steps are synchronous; their reads resolve as microtasks): a scratch run printed its 0/150 line and
// nothing else for minutes. So there each update prints a line itself when the last is `lineEveryMs` old.
// This is the one module that draws bars: every command's bar goes through it, so each gets the same lines off a
// terminal.
import { Presets, SingleBar } from 'cli-progress';
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

/** How a command's bar looks on a terminal; off one it is the same text, a line at a time. */
export interface BarLook {
  /** cli-progress format: `{bar}`, `{value}`, `{total}` and the bar's own fields, e.g. `epoch {value}/{total} | loss {loss}`. */
  format: string;
  /** The bar's characters: `shades` draws it with █ and ░; `plain` (the default) with = and -. */
  style?: 'plain' | 'shades';
  /** Erase the bar when it ends (on a terminal) rather than leave its last state. */
  clearOnComplete?: boolean;
}

/** A bar whose format shows fields of its own (loss, ms per epoch) beside the count. */
export interface FieldBar<Fields extends Record<string, string>> {
  /** `done` units so far; the fields given replace the ones shown. */
  update(done: number, fields?: Partial<Fields>): void;
  /** The task is done (or abandoned): the last line is drawn and no more follow. */
  end(): void;
}

/** Whether a command shows its bars: never when `quiet`; on a terminal, or off one when asked with `progress`. */
export interface BarChoice {
  quiet?: boolean;
  progress?: boolean;
}

function shown(choice: BarChoice): boolean {
  return !choice.quiet && (choice.progress === true || process.stderr.isTTY === true);
}

function startBar<Fields extends Record<string, string>>(look: BarLook, total: number, fields: Fields, lineEveryMs: number): FieldBar<Fields> {
  const bar = new SingleBar(
    { format: look.format, stream: process.stderr, hideCursor: true, clearOnComplete: look.clearOnComplete ?? false, noTTYOutput: true, notTTYSchedule: lineEveryMs },
    look.style === 'shades' ? Presets.shades_classic : undefined,
  );
  const lines = !process.stderr.isTTY;
  // The timer's lines count too, so a line printed by an update never follows the timer's by less than lineEveryMs.
  let lastLine = performance.now();
  bar.on('redraw-post', () => {
    lastLine = performance.now();
  });
  bar.start(total, 0, fields);
  return {
    update: (done, changed) => {
      bar.update(done, changed ?? {});
      // The last unit's line is end()'s to print, once.
      if (lines && done < total && performance.now() - lastLine >= lineEveryMs) bar.render();
    },
    end: () => bar.stop(),
  };
}

/**
 * One bar of a command's own look, e.g. training's `epoch 3/20 | loss 0.4127 | 12 ms`, starting at 0 of `total`
 * with `fields`; a bar that shows nothing where `choice` says so (--quiet, or stderr not a terminal without
 * --progress). Off a terminal it prints its state as a line at start, at end, and at most every `lineEveryMs` between.
 */
export function fieldBar<Fields extends Record<string, string>>(choice: BarChoice, look: BarLook, total: number, fields: Fields, lineEveryMs = 5000): FieldBar<Fields> {
  if (!shown(choice)) return { update: () => {}, end: () => {} };
  return startBar(look, total, fields, lineEveryMs);
}

/** Training's bar, `NAME ░░ epoch 3/20 | loss 0.4127 | 12 ms`, with the `onEpoch` callback that moves it. */
export function epochBar(choice: BarChoice, name: string, epochs: number): { onEpoch: (epoch: number, loss: number, ms: number) => void; end: () => void } {
  const bar = fieldBar(choice, { format: `${name} {bar} epoch {value}/{total} | loss {loss} | {ms} ms`, style: 'shades' }, epochs, { loss: '-', ms: '-' });
  return { onEpoch: (epoch, loss, ms) => bar.update(epoch + 1, { loss: loss.toFixed(4), ms: ms.toFixed(0) }), end: () => bar.end() };
}

/**
 * A ProgressSink drawing one bar per task, `label [====----] done/total` with examples per second and the time left;
 * `asked`: show it off a terminal too (--progress). Off a terminal each bar prints a line at most every `lineEveryMs`.
 */
export function progressBars(asked: boolean, lineEveryMs = 5000): ProgressSink {
  if (!shown({ progress: asked })) return noProgress;
  return (label, total, examplesPerUnit) => {
    const started = performance.now();
    const bar = startBar({ format: '{label} [{bar}] {value}/{total}{pace}' }, total, { label, pace: '' }, lineEveryMs);
    return {
      update: (done) => bar.update(done, { pace: pace(done, total, examplesPerUnit, started) }),
      end: () => bar.end(),
    };
  };
}

// How the experiment says where it is: a task with a known amount of work (batches of feature extraction, optimizer
// steps) ticks as it goes, so a long run never looks hung. The command decides where that goes (a bar on stderr,
// or nowhere); model code only counts.
/** One task's progress, as the experiment reports it. */
export interface ProgressTask {
  /** `done` of the task's total so far. */
  update(done: number): void;
  /** The task is done (or abandoned); no more updates follow. */
  end(): void;
}

/**
 * Starts a task of `total` units (batches, steps) named `label`; the command decides where it shows (a bar on
 * stderr, or nowhere). `examplesPerUnit`: the examples one unit stands for (an optimizer step's mini-batch), so a
 * display can show examples per second.
 */
export type ProgressSink = (label: string, total: number, examplesPerUnit?: number) => ProgressTask;

/** A ProgressSink that shows nothing. */
export const noProgress: ProgressSink = () => ({ update: () => {}, end: () => {} });

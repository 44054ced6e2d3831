// How the experiment says where it is: a task with a known amount of work (batches of feature extraction, optimizer
// steps) ticks as it goes, so a long run never looks hung. The command decides where that goes (a bar on stderr,
// or nowhere); model code only counts.
export interface ProgressTask {
  /** `done` of the task's total so far. */
  update(done: number): void;
  end(): void;
}

export type ProgressSink = (label: string, total: number) => ProgressTask;

export const noProgress: ProgressSink = () => ({ update: () => {}, end: () => {} });

// `stacklab bench … --kernel F --watch`: the edit-run loop. Every save of a kernel file checks and times it
// again on the same session; a compile error or a refused kernel is printed and the watch goes on.
import fs from 'node:fs';
import path from 'node:path';
import { type UserKernelSource, BadInputError, DeviceLostError, readKernels } from '../node.js';

/** Editors save in bursts (truncate, write, rename): one run per burst. */
const debounceMs = 200;

export interface KernelWatch {
  /** Resolves when the watch stops (SIGINT, SIGTERM or stop()), at once, even while a run is in progress. */
  done: Promise<void>;
  stop(): void;
}

/**
 * Runs `run` now and after every change to one of `files`, never two at once (a change during a run queues one
 * more). The directory is watched, not the file: editors that save by renaming replace the file's inode.
 */
export function startKernelWatch(files: readonly string[], run: (kernels: UserKernelSource[]) => Promise<void>): KernelWatch {
  if (files.length === 0) throw new BadInputError('--watch needs at least one --kernel FILE to watch');
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop = () => undefined as void;
  const done = new Promise<void>((resolve, reject) => {
    const once = async (): Promise<void> => {
      try {
        await run(readKernels(files));
      } catch (error) {
        if (error instanceof DeviceLostError) return reject(error);
        console.error(`stacklab: ${(error as Error).message}`);
      }
      console.log(`watching ${files.join(', ')} for changes (Ctrl-C stops)`);
    };
    const trigger = () => {
      if (running) {
        again = true;
        return;
      }
      running = once().finally(() => {
        running = null;
        if (again) {
          again = false;
          trigger();
        }
      });
    };
    const names = new Set(files.map((f) => path.resolve(f)));
    const watchers = [...new Set([...names].map((f) => path.dirname(f)))].map((dir) =>
      fs.watch(dir, (_event, name) => {
        if (!name || !names.has(path.join(dir, name.toString()))) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          console.log(`${path.join(dir, name.toString())} changed: checking and timing again`);
          trigger();
        }, debounceMs);
      }),
    );
    const signals = ['SIGINT', 'SIGTERM'] as const;
    stop = () => {
      clearTimeout(timer);
      watchers.forEach((w) => w.close());
      signals.forEach((s) => process.off(s, stop));
      // One Ctrl-C ends the watch now, even mid-run (a kernel that never ends would hold it forever): files are
      // written atomically, so none is left half-written, and the command exits once the session is closed.
      resolve();
    };
    signals.forEach((s) => process.on(s, stop));
    trigger();
  });
  return { done, stop: () => stop() };
}

export function watchKernels(files: readonly string[], run: (kernels: UserKernelSource[]) => Promise<void>): Promise<void> {
  return startKernelWatch(files, run).done;
}

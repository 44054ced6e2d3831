// The Node host's bench runs in a child process of the CLI (`stacklab bench-worker`, hidden): a kernel that never
// ends leaves Dawn's device stuck for good (on SwiftShader its thread spins, device.destroy() blocks, and even a new
// device in the same process starves), so the process that owns the device is the one thrown away. The CLI keeps
// the terminal, the watch and the files; the worker keeps the engine between runs until one goes past its budget.
import { fork, type ChildProcess } from 'node:child_process';
import type { Command } from 'commander';
import { BadInputError, closeEngine, EngineError, KernelTimeoutError, runBench, type BenchOptions, type BenchProgress, type BenchRun, type Engine, type ResultEnv } from '../node.js';
import { allFlags, setFlags, type Flags } from '../flags.js';
import { nodeResultEnv, openCliEngine } from './cliEngine.js';

/** `flags`: the CLI's, options standing in for flags included (--tfjs-kernels), for the worker's engine. */
type ToWorker = { type: 'run'; options: BenchOptions; flags: Flags } | { type: 'close' };
type FromWorker =
  | { type: 'progress'; progress: BenchProgress }
  | { type: 'done'; env: ResultEnv; run: BenchRun }
  | { type: 'failed'; badInput: boolean; message: string; deviceStuck: boolean };

/** Registers the hidden `bench-worker` command: it runs benches sent over IPC on one engine. */
export function registerBenchWorker(program: Command): void {
  program.command('bench-worker', { hidden: true }).action(async () => {
    let engine: Engine | null = null;
    const send = (message: FromWorker) => process.send!(message);
    await new Promise<void>((resolve) => {
      process.on('message', async (message: ToWorker) => {
        if (message.type === 'close') return resolve();
        try {
          if (!engine) {
            setFlags(message.flags);
            engine = await openCliEngine();
          }
          const run = await runBench(engine, message.options, (progress) => send({ type: 'progress', progress }));
          send({ type: 'done', env: nodeResultEnv(engine), run });
        } catch (error) {
          const stuck = error instanceof KernelTimeoutError;
          send({ type: 'failed', badInput: error instanceof BadInputError, message: (error as Error).message, deviceStuck: stuck });
          // The parent kills a worker whose device is stuck; nothing here can end the shader.
        }
      });
      process.on('disconnect', () => resolve());
    });
    if (engine) closeEngine(engine);
  });
}

/** How long a closing worker gets to destroy its device and exit before it is killed. */
const closeGraceMs = 5_000;

/** The CLI's side: one worker at a time, started on the first run and again after one whose device got stuck. */
export class BenchWorker {
  private child: ChildProcess | null = null;

  async run(options: BenchOptions, progress: (p: BenchProgress) => void): Promise<{ env: ResultEnv; run: BenchRun }> {
    const child = (this.child ??= fork(process.argv[1], ['bench-worker'], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) => {
        this.child = null;
        reject(new EngineError(`the bench worker process ended (${signal ?? `exit code ${code}`}) before the run finished`));
      };
      const onMessage = (message: FromWorker) => {
        if (message.type === 'progress') return progress(message.progress);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (message.type === 'done') return resolve({ env: message.env, run: message.run });
        if (message.deviceStuck) this.kill();
        reject(message.badInput ? new BadInputError(message.message) : new EngineError(message.message));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ type: 'run', options, flags: allFlags() } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send({ type: 'close' } satisfies ToWorker);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, closeGraceMs)))]);
    clearTimeout(timer);
    this.kill();
  }

  private kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}

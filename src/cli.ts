#!/usr/bin/env node
// The `stacklab` command. Each subcommand lives in src/commands/; this file only wires them to commander.
import { Command } from 'commander';
import { flagHelp } from './flags.js';
import { registerInfo } from './commands/info.js';
import { registerTrain } from './commands/train.js';
import { registerStack } from './commands/stack.js';
import { registerSweep } from './commands/sweep.js';
import { registerTransfer } from './commands/transfer.js';
import { registerBench } from './commands/bench.js';
import { registerBenchWorker } from './commands/benchWorker.js';
import { registerTune } from './commands/tune.js';
import { registerDemo } from './commands/demo.js';
import { reportFailure } from './commands/failure.js';

const program = new Command('stacklab')
  .description('WebGPU compute-first research engine: MLPs, transfer learning and stacking on hand-written WGSL kernels beside tfjs-backend-webgpu')
  .addHelpText('after', `\nEngine flags (environment variables):\n${flagHelp()}`)
  .showHelpAfterError()
  // Subcommands inherit this: commander's own errors reach reportFailure, so a bad flag exits 2 like bad data.
  .exitOverride();

registerInfo(program);
registerTrain(program);
registerStack(program);
registerSweep(program);
registerTransfer(program);
registerBench(program);
registerBenchWorker(program);
registerTune(program);
registerDemo(program);

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => process.exit(reportFailure(error, (line) => console.error(line))),
);

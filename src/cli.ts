// The `stacklab` command. Each subcommand lives in src/commands/; this file only wires them to commander.
import { Command } from 'commander';
import { flagHelp } from './flags.js';
import { registerInfo } from './commands/info.js';

const program = new Command('stacklab')
  .description('WebGPU compute-first research engine: MLPs, transfer learning and stacking on hand-written WGSL kernels beside tfjs-backend-webgpu')
  .addHelpText('after', `\nEngine flags (environment variables):\n${flagHelp()}`)
  .showHelpAfterError();

registerInfo(program);

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    console.error(`stacklab: ${error.message}`);
    process.exit(1);
  },
);

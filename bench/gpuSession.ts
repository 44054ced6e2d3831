// `npm run bench:gpu [-- --quick] [--out-root DIR]`: one command for a session on whatever adapter this machine
// has: `info`, every bench suite with the full sweep (JSON, Markdown, HTML, trace; matmul with the example
// kernels beside it), `tune`, every suite again on the tuned variants, and per suite the two runs merged side
// by side, all under DIR/<adapter>-<date>/ (default bench/results/). --quick is the short version CI runs on
// SwiftShader: a tiny shape per suite, tune on one shape, and only matmul (the suite tune changes) again. Each step runs `stacklab` as its own process; its output goes to a log
// beside the results, and session.json lists the steps with their exit codes and durations.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suites } from '../src/node.js';

interface Step {
  name: string;
  args: string[];
}

interface StepResult extends Step {
  exitCode: number | null;
  seconds: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, 'cli.mjs');
const exampleKernels = ['tiled', 'naive'].map((name) => path.join('examples', 'kernels', `${name}.wgsl`));

/** One small shape per suite for --quick; suites not listed (added later) run their own quick sweep. */
const quickShapes: Record<string, string> = {
  matmul: '32x32x32',
  'dense-forward': '8x16x8',
  'dense-backward': '8x16x8',
  combine: '3x50x4',
  'train-step': '16x8x8x4',
  'train-step-batched': '1x16x8x8x4,4x16x8x8x4',
  'tfjs-model': '16x8x8x4',
};

function parseArgs(argv: readonly string[]): { quick: boolean; outRoot: string } {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--out-root');
  const outRoot = at >= 0 ? argv[at + 1] : path.join('bench', 'results');
  const unknown = argv.filter((a, i) => a !== '--quick' && a !== '--out-root' && argv[i - 1] !== '--out-root');
  if (!outRoot || unknown.length) {
    console.error(`bench:gpu: usage: gpuSession.mjs [--quick] [--out-root DIR]${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`);
    process.exit(2);
  }
  return { quick, outRoot };
}

function runStep(step: Step, dir: string, env: NodeJS.ProcessEnv): StepResult {
  const started = performance.now();
  const child = spawnSync(process.execPath, [cli, ...step.args], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  const log = `$ stacklab ${step.args.join(' ')}\n${child.stdout ?? ''}${child.stderr ?? ''}${child.error ? `\n${child.error.message}` : ''}`;
  fs.writeFileSync(path.join(dir, `${step.name}.log`), log);
  const exitCode = child.status;
  console.log(`${exitCode === 0 ? 'ok    ' : 'FAILED'} ${step.name} (${seconds.toFixed(1)} s)${exitCode === 0 ? '' : `: exit ${exitCode}; last lines of ${step.name}.log:\n${log.trim().split('\n').slice(-8).join('\n')}`}`);
  return { ...step, exitCode, seconds };
}

// `bench model` needs a model: the repository's pretrained Fashion-MNIST CNN (Conv2D, BatchNorm, pooling, dense),
// found from the bundle's place (dist/gpu/) so the session runs from any directory.
const sessionModel = path.join(here, '..', '..', 'models', 'fashion-0-4');

function benchStep(suite: string, phase: string, dir: string, quick: boolean): Step {
  const base = path.join(dir, `${suite}-${phase}`);
  const sweep = quick ? (quickShapes[suite] ? ['--shapes', quickShapes[suite]] : ['--sweep', 'quick']) : ['--sweep', 'full'];
  const shapes = suite === 'model' ? ['--from', sessionModel, '--batch', quick ? '4' : '1,32,256'] : sweep;
  const kernels = suite === 'matmul' ? exampleKernels.flatMap((k) => ['--kernel', k]) : [];
  const samples = quick ? ['--samples', '2'] : [];
  return {
    name: `${suite}-${phase}`,
    args: ['bench', suite, ...shapes, ...samples, ...kernels, '--json', `${base}.json`, '--md', `${base}.md`, '--html', `${base}.html`, '--trace', `${base}.trace.json`],
  };
}

/** "google-swiftshader-2026-12-02": the adapter as `info` saw it, and the day. */
function sessionName(infoFile: string): string {
  const { env } = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { env: { adapter: { vendor: string; architecture: string; description: string } } };
  const { vendor, architecture, description } = env.adapter;
  const adapter = [vendor, architecture].filter(Boolean).join(' ') || description || 'unknown-adapter';
  return `${adapter.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${new Date().toISOString().slice(0, 10)}`;
}

function main(): void {
  const { quick, outRoot } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-gpu-session-'));
  const env: NodeJS.ProcessEnv = { ...process.env, STACKLAB_BENCH_MIN_MS: process.env.STACKLAB_BENCH_MIN_MS || (quick ? '10' : '100') };
  const results: StepResult[] = [runStep({ name: 'info', args: ['info', '--json', path.join(scratch, 'info.json')] }, scratch, env)];
  if (results[0].exitCode !== 0) process.exit(1);
  const dir = path.join(outRoot, sessionName(path.join(scratch, 'info.json')));
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['info.json', 'info.log']) fs.renameSync(path.join(scratch, name), path.join(dir, name));
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`results: ${dir}`);
  // Untuned first: a tune cache of this session only, which does not exist until tune writes it.
  env.STACKLAB_TUNE_CACHE = path.join(dir, 'tune-cache.json');
  const names = suites.map((s) => s.name);
  const tune: Step = { name: 'tune', args: ['tune', '--json', path.join(dir, 'tune.json'), ...(quick ? ['--shapes', '32x32x32', '--samples', '2'] : [])] };
  const again = quick ? ['matmul'] : names;
  const merge = (suite: string): Step => ({
    name: `${suite}-tune-effect`,
    args: ['bench', '--merge', ...['before-tune', 'after-tune'].map((p) => path.join(dir, `${suite}-${p}.json`)), '--md', path.join(dir, `${suite}-tune-effect.md`), '--html', path.join(dir, `${suite}-tune-effect.html`)],
  });
  const steps = [...names.map((s) => benchStep(s, 'before-tune', dir, quick)), tune, ...again.map((s) => benchStep(s, 'after-tune', dir, quick)), ...again.map(merge)];
  for (const step of steps) results.push(runStep(step, dir, env));
  const totalSeconds = (performance.now() - started) / 1000;
  fs.writeFileSync(path.join(dir, 'session.json'), JSON.stringify({ quick, suites: names, totalSeconds, steps: results }, null, 2) + '\n');
  const failed = results.filter((r) => r.exitCode !== 0);
  console.log(`bench:gpu ${quick ? '--quick ' : ''}done in ${totalSeconds.toFixed(0)} s: ${results.length - failed.length} of ${results.length} steps ok; ${dir}/session.json`);
  process.exit(failed.length ? 1 : 0);
}

main();

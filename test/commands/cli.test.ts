// The `stacklab` command as a shell sees it: bad input exits 2 and an engine fault exits 1, each with one line on
// stderr and no stack; output piped into a file carries no colour codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exitCodes, reportFailure } from '../../src/commands/failure.js';
import { colourWanted } from '../../src/terminal/terminal.js';
import { CsvError } from '../../src/data/csvError.js';
import { LearnerFitError } from '../../src/ensemble/errors.js';
import { EngineError } from '../../src/errors.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab command line');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const dir = suiteTempDir(test, 'stacklab-cli-');

function stacklab(script: string, ...args: string[]) {
  const { NO_COLOR: _, ...env } = process.env;
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env });
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `one line, got:\n${stderr}`);
  assert.match(lines[0], pattern);
}

test('bad input exits 2 with one line: a missing CSV, a bad flag value', () => {
  const missing = stacklab(cli, 'train', '--data', path.join(dir, 'nowhere.csv'));
  assert.is(missing.status, exitCodes.badInput, missing.stderr);
  assertOneLine(missing.stderr, /^stacklab: .*nowhere\.csv: no such file \(and not a bundled dataset/);
  const flag = stacklab(cli, 'train', '--data', 'iris', '--epochs', 'ten');
  assert.is(flag.status, exitCodes.badInput, flag.stderr);
  assertOneLine(flag.stderr, /^stacklab: --epochs must be a positive integer, got "ten"$/);
});

test('a --save path the model cannot be written to exits 2 with one line, before any training', () => {
  const file = path.join(dir, 'not-a-folder');
  fs.writeFileSync(file, '');
  const run = stacklab(cli, 'train', '--data', 'iris', '--save', path.join(file, 'model'));
  assert.is(run.status, exitCodes.badInput, run.stderr);
  assertOneLine(run.stderr, /^stacklab: --save .*not-a-folder.model: .*not-a-folder is a file, not a folder to write model\.json and weights\.bin in$/);
});

test('an engine fault exits 1 with one line: the command copied away from its bundled data', () => {
  // The bundle alone, beside the packages it imports but outside the package that holds data/.
  const away = path.join(dir, 'away');
  fs.mkdirSync(away);
  fs.copyFileSync(cli, path.join(away, 'cli.mjs'));
  fs.symlinkSync(path.resolve(path.dirname(cli), '..', 'node_modules'), path.join(away, 'node_modules'));
  const run = stacklab(path.join(away, 'cli.mjs'), 'train', '--data', 'digits');
  assert.is(run.status, exitCodes.engineFault, run.stderr);
  assertOneLine(run.stderr, /^stacklab: data\/digits\.csv not found in or above .*away/);
});

test('the exit code follows the cause: a learner that failed on bad data is bad input; a bug keeps its stack', () => {
  const printed: string[] = [];
  const print = (line: string) => printed.push(line);
  const badData = new LearnerFitError('knn', 'fold 1 of 2', new CsvError('x.csv', 3, null, 'k too large'));
  assert.is(reportFailure(badData, print), exitCodes.badInput);
  assert.is(reportFailure(new EngineError('the GPU went away'), print), exitCodes.engineFault);
  assert.equal(printed, ['stacklab: learner knn failed to fit (fold 1 of 2): x.csv: row 3: k too large', 'stacklab: the GPU went away']);
  assert.is(reportFailure(new TypeError('x is undefined'), print), exitCodes.engineFault);
  assert.match(printed[2], /unexpected error[\s\S]*TypeError: x is undefined\n\s+at /);
});

test('on SwiftShader, found by itself or named in VK_ICD_FILENAMES (as a child process inherits it), the workgroup zero-fill is in the shader', () => {
  const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
  const { VK_ICD_FILENAMES: _, ...unset } = process.env;
  for (const env of fs.existsSync(icd) ? [unset, { ...unset, VK_ICD_FILENAMES: icd }] : [unset]) {
    const run = spawnSync(process.execPath, [cli, 'info'], { encoding: 'utf8', env });
    assert.is(run.status, 0, run.stderr);
    if (!/swiftshader/i.test(run.stdout.split('\n')[0])) continue;
    assert.match(run.stdout, /found via .*; Dawn feature use_vulkan_zero_initialize_workgroup_memory_extension off/);
  }
});

test('tables piped into a file carry no escape codes; a terminal gets colour unless NO_COLOR is set', () => {
  const run = stacklab(cli, 'tune', '--list');
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /┌[\s\S]*│ variant/);
  assert.not.match(run.stdout, /\x1b\[/);
  const saved = process.env.NO_COLOR;
  try {
    delete process.env.NO_COLOR;
    assert.ok(colourWanted({ isTTY: true }));
    assert.not.ok(colourWanted({ isTTY: false }));
    process.env.NO_COLOR = '1';
    assert.not.ok(colourWanted({ isTTY: true }));
  } finally {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  }
});

test.run();

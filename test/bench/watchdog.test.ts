// The watchdog: a user kernel that never ends stops the run within its budget (plus a margin for starting and
// tearing down the host), with an error naming the kernel, the shape and the budget, on both hosts, and leaves no
// process behind (the CLI's own exit is the proof: Dawn's device.destroy() would block on the running shader).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('bench watchdog');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const neverEnds = path.join(path.dirname(cli), '..', 'test', 'fixtures', 'kernels', 'never-ends.wgsl');
const budgetS = 2;
// The bar: the budget plus 30 s, start-up and teardown included.
const marginS = 30;

function runNeverEnding(host: 'node' | 'browser') {
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, 'bench', 'matmul', '--host', host, '--shapes', '16x16x16', '--kernel', neverEnds, '--dispatch-timeout', String(budgetS)], {
    encoding: 'utf8',
    // A hung CLI is killed here, and the assertions below then fail on its status.
    timeout: (budgetS + marginS + 30) * 1000,
    killSignal: 'SIGKILL',
  });
  return { ...run, seconds: (Date.now() - started) / 1000 };
}

for (const host of ['node', 'browser'] as const) {
  test(`${host} host: a never-ending kernel ends the run within its budget + ${marginS} s, naming kernel, shape and budget`, () => {
    const run = runNeverEnding(host);
    assert.is(run.signal, null, `killed after ${run.seconds} s: the CLI hung\n${run.stdout}\n${run.stderr}`);
    assert.is(run.status, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /stacklab: never-ends on matmul 1x1x1 \(check\): a check run did not finish within its budget of 2\.0 s/);
    assert.not.match(run.stderr, /unexpected error/);
    assert.ok(run.seconds < budgetS + marginS, `took ${run.seconds} s`);
  });
}

test.run();

// `stacklab bench model --from …` as a user runs it on a model of their own: a small convolutional LayersModel
// saved with tfjs, timed in predict and fit on tfjs's kernels and with stacklab's, kernel by kernel, on both hosts,
// the two runs merged; a GraphModel (predict only); and the errors a wrong file or a wrong shape gets.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CaseResult } from '../../src/bench/results.js';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { modelFiles } from '../../src/nn/modelFiles.js';
import { testEngine } from '../support/engine.js';
import { suiteTempDir } from '../support/tempDir.js';

const test = suite('stacklab bench model');
const dir = suiteTempDir(test, 'stacklab-bench-model-');
const cli = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const file = (name: string) => path.join(dir, name);

function stacklab(...args: string[]) {
  // A short steady state keeps the test quick; what is checked does not depend on it.
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, STACKLAB_BENCH_MIN_MS: '20' } });
}

/** Two convolutions (one strided), a 1×1 one, pooling and a softmax classifier, on 12×12 RGB images. */
async function saveConvModel(where: string): Promise<void> {
  await bindTfjs(await testEngine());
  const model = tf.sequential({
    name: 'small_conv',
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv2' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 1, activation: 'relu', name: 'pointwise' }),
      tf.layers.globalAveragePooling2d({ name: 'pool' }),
      tf.layers.dense({ units: 5, activation: 'softmax', name: 'classifier' }),
    ],
  });
  await model.save(modelFiles(where));
  model.dispose();
}

/** A GraphModel as the converter writes one: a Placeholder [-1, 4], a MatMul with a constant [4, 3], a Relu. */
function saveGraphModel(where: string): void {
  fs.mkdirSync(where, { recursive: true });
  const float = { type: 'DT_FLOAT' };
  const weights = Float32Array.from({ length: 12 }, (_, i) => (i % 5) / 5 - 0.4);
  fs.writeFileSync(path.join(where, 'weights.bin'), new Uint8Array(weights.buffer));
  const node = [
    { name: 'x', op: 'Placeholder', attr: { dtype: float, shape: { shape: { dim: [{ size: '-1' }, { size: '4' }] } } } },
    { name: 'w', op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '4' }, { size: '3' }] } } }, dtype: float } },
    { name: 'y', op: 'MatMul', input: ['x', 'w'], attr: { transpose_a: { b: false }, transpose_b: { b: false }, T: float } },
    { name: 'out', op: 'Relu', input: ['y'], attr: { T: float } },
  ];
  const json = { format: 'graph-model', modelTopology: { node, library: {}, versions: { producer: 1 } }, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [4, 3], dtype: 'float32' }] }] };
  fs.writeFileSync(path.join(where, 'model.json'), JSON.stringify(json));
}

const impls = ['tfjs+stacklab', 'tfjs'];

/** Every case has both implementations, agreeing, each with a kernel breakdown whose shares add up. */
function checkRun(results: CaseResult[], cases: string[]): void {
  assert.equal(results.map((r) => `${r.case} ${r.impl}`), cases.flatMap((c) => impls.map((impl) => `${c} ${impl}`)));
  for (const r of results) {
    const where = `${r.case} ${r.impl}`;
    assert.ok(r.ok, `${where}: the two ways disagree by ${r.maxAbsErr}`);
    assert.ok(r.wallMs.median > 0 && r.phases.compileMs! > 0, where);
    const k = r.kernels!;
    assert.ok(k.kernels.length > 0 && k.totalMs > 0, `${where}: no kernels`);
    assert.ok(Math.abs(k.kernels.reduce((sum, row) => sum + row.share, 0) - 1) < 1e-9, `${where}: shares add up to 1`);
    assert.ok(k.kernels.every((row) => row.calls >= 1 && row.ms >= 0 && !row.name.endsWith('__op')), `${where}: kernels only, no op scopes: ${k.kernels.map((row) => row.name)}`);
    assert.ok(k.memory.tfjsBytes > 0 && k.memory.tfjsPeakBytes > 0 && k.memory.enginePeakGpuBytes >= k.memory.engineLiveGpuBytes, where);
  }
  for (const c of cases) {
    const [withStacklab, tfjsOnly] = impls.map((impl) => results.find((r) => r.case === c && r.impl === impl)!.kernels!.kernels);
    const calls = (rows: typeof tfjsOnly) => Object.fromEntries(rows.map((row) => [row.name, row.calls]));
    assert.equal(calls(withStacklab), calls(tfjsOnly), `${c}: the same kernels are called both ways`);
    const [dropIn, none] = impls.map((impl) => results.find((r) => r.case === c && r.impl === impl)!.kernels!.dropIn);
    assert.is(none, undefined, `${c}: tfjs alone has no drop-in`);
    const answered = Object.values(dropIn!.answered).reduce((sum, n) => sum + n, 0);
    assert.ok(answered >= 1, `${c}: stacklab's kernels answered ${answered} calls (handed back: ${JSON.stringify(dropIn!.fellThrough)})`);
  }
}

test('a conv LayersModel: predict and fit, per-kernel rows both ways with ratios, JSON, Markdown, HTML and trace; then on the browser host, merged', async () => {
  const model = file('conv');
  await saveConvModel(model);
  const run = stacklab('bench', 'model', '--from', model, '--batch', '2', '--samples', '2', '--json', file('node.json'), '--md', file('m.md'), '--html', file('m.html'), '--trace', file('t.json'));
  assert.is(run.status, 0, run.stderr);
  const saved = JSON.parse(fs.readFileSync(file('node.json'), 'utf8'));
  checkRun(saved.results, ['predict batch 2', 'fit batch 2']);
  const kernelsOf = (c: string) => new Set((saved.results as CaseResult[]).find((r) => r.case === c)!.kernels!.kernels.map((k) => k.name));
  assert.ok(['Conv2D', 'FusedConv2D'].some((name) => kernelsOf('predict batch 2').has(name)), 'predict runs the convolutions');
  assert.ok(kernelsOf('fit batch 2').has('Conv2DBackpropFilter'), 'fit runs their gradients');
  assert.equal(
    saved.comparisons.map((c: { case: string; baseline: string; candidate: string }) => `${c.case}: ${c.candidate} vs ${c.baseline}`),
    ['predict batch 2: tfjs+stacklab vs tfjs', 'fit batch 2: tfjs+stacklab vs tfjs'],
  );
  for (const report of [run.stdout, fs.readFileSync(file('m.md'), 'utf8'), fs.readFileSync(file('m.html'), 'utf8')]) {
    assert.match(report, /model fit batch 2: time per tfjs kernel \((GPU timestamps|wall clock), median of 2 profiled calls\)/);
    assert.match(report, /tfjs \/ tfjs\+stacklab/);
    assert.match(report, /first call [\d.]+ ms/);
  }
  const trace = JSON.parse(fs.readFileSync(file('t.json'), 'utf8'));
  assert.ok(trace.traceEvents.some((e: { ph: string; cat?: string }) => e.ph === 'X' && e.cat === 'model predict batch 2'));

  const browser = stacklab('bench', 'model', '--from', model, '--host', 'browser', '--batch', '2', '--samples', '2', '--json', file('browser.json'));
  assert.is(browser.status, 0, browser.stderr);
  const inPage = JSON.parse(fs.readFileSync(file('browser.json'), 'utf8'));
  assert.is(inPage.env.host, 'browser');
  checkRun(inPage.results, ['predict batch 2', 'fit batch 2']);

  const merged = stacklab('bench', '--merge', file('node.json'), file('browser.json'), '--md', file('merged.md'));
  assert.is(merged.status, 0, merged.stderr);
  const table = fs.readFileSync(file('merged.md'), 'utf8');
  for (const row of ['| model | predict batch 2 | tfjs+stacklab |', '| model | fit batch 2 | tfjs |']) assert.ok(table.includes(row), `merged table has ${row}:\n${table}`);
  const kernels = table.split('## model fit batch 2 tfjs+stacklab: time per tfjs kernel per call')[1];
  assert.ok(kernels, `merged kernel table for fit with the drop-in:\n${table}`);
  assert.match(kernels, /\| total \| [\d.]+ ms \((GPU timestamps|wall clock)\) \| [\d.]+ ms \((GPU timestamps|wall clock)\) \|/);
});

test('a GraphModel on rows of a dataset: predict only, both ways', () => {
  const model = file('graph');
  saveGraphModel(model);
  const run = stacklab('bench', 'model', '--from', path.join(model, 'model.json'), '--data', 'iris', '--batch', '3', '--samples', '2', '--json', file('graph.json'));
  assert.is(run.status, 0, run.stderr);
  const saved = JSON.parse(fs.readFileSync(file('graph.json'), 'utf8'));
  checkRun(saved.results, ['predict batch 3']);
  assert.ok(saved.results[0].kernels.kernels.some((k: { name: string }) => k.name === 'BatchMatMul'));
});

test('errors name what is wrong: a model file that does not load, an input shape the model cannot take', () => {
  const broken = file('broken');
  fs.mkdirSync(broken);
  fs.writeFileSync(path.join(broken, 'model.json'), '{"modelTopology": ');
  const unreadable = stacklab('bench', 'model', '--from', broken);
  assert.is(unreadable.status, 2, unreadable.stderr);
  assert.match(unreadable.stderr, /broken\/model\.json: not valid JSON/);

  const noWeights = file('no-weights');
  fs.cpSync(file('conv'), noWeights, { recursive: true });
  fs.rmSync(path.join(noWeights, 'weights.bin'));
  const missing = stacklab('bench', 'model', '--from', noWeights);
  assert.is(missing.status, 2, missing.stderr);
  assert.match(missing.stderr, /weight file ".*no-weights\/weights\.bin" listed in the weights manifest is missing/);

  const wrongShape = stacklab('bench', 'model', '--from', file('conv'), '--input-shape', '12x12x1', '--samples', '2');
  assert.is(wrongShape.status, 2, wrongShape.stderr);
  assert.match(wrongShape.stderr, /input layer "conv1_input": operand input has shape \[1, 12, 12, 1\] but \[batch, 12, 12, 3\] was expected/);

  const wrongRows = stacklab('bench', 'model', '--from', file('conv'), '--data', 'iris', '--samples', '2');
  assert.is(wrongRows.status, 2, wrongRows.stderr);
  assert.match(wrongRows.stderr, /input layer "conv1_input": operand input has shape \[1, 4\] but \[1, 12, 12, 3\] was expected \(each row of --data .*iris\.csv has 4 features/);

  const noModel = stacklab('bench', 'model');
  assert.is(noModel.status, 2, noModel.stderr);
  assert.match(noModel.stderr, /bench model: name the model with --from/);
});

test.run();

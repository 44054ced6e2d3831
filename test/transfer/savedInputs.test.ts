import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { trainCommand } from '../../src/commands/train.js';
import { transferCommand, transferDefaults } from '../../src/commands/transfer.js';
import { seededRandom } from '../../src/data/random.js';
import { BadInputError } from '../../src/errors.js';
import { FeatureColumnsError, TransferOptionError } from '../../src/transfer/errors.js';
import { loadTransferData } from '../../src/transfer/loadTransferData.js';
import { inputOptions, transferInputs } from '../../src/transfer/modelInput.js';
import { modelFromArtifacts } from '../../src/transfer/modelArtifacts.js';
import { openModelArtifacts } from '../../src/transfer/openModel.js';
import type { ModelMetadata } from '../../src/nn/layersModel.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';
import { testEngine } from '../support/engine.js';

const test = suite('transfer: a model saved by train --save prepares its rows as it was trained');
const dir = suiteTempDir(test, 'stacklab-saved-inputs-');

/**
 * Four measurements far from zero (means 1000–3000, sds 20–100); the class is a band of the radius of the first two
 * in standard units, so a network needs them standardized to see it: raw, its hidden units are all but linear.
 */
const columns = [
  { name: 'f1', mean: 1000, sd: 50 },
  { name: 'f2', mean: 2000, sd: 80 },
  { name: 'f3', mean: 500, sd: 20 },
  { name: 'f4', mean: 3000, sd: 100 },
];

function radiusCsv(file: string, rows: number, seed: number, classOf: (radius: number) => string, options: { order?: string[]; sites?: string[] } = {}): void {
  const random = seededRandom(seed);
  const order = options.order ?? columns.map((c) => c.name);
  const { sites } = options;
  const lines = [[...order, ...(sites ? ['site'] : []), 'label'].join(',')];
  for (let r = 0; r < rows; r++) {
    const z = columns.map(() => random.normal());
    const values = new Map(columns.map((c, i) => [c.name, (c.mean + c.sd * z[i]).toFixed(3)]));
    const site = sites ? [sites[random.int(sites.length)]] : [];
    lines.push([...order.map((name) => values.get(name)), ...site, classOf(Math.hypot(z[0], z[1]))].join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** Source task: three radius bands. Target task: new classes, inside or outside the median radius. */
const bands = (radius: number) => (radius < 0.8 ? 'near' : radius < 1.5 ? 'mid' : 'far');
const inOut = (radius: number) => (radius < 1.18 ? 'in' : 'out');

async function trainAndSave(csv: string, save: string): Promise<void> {
  const engine = await testEngine();
  await trainCommand({ data: csv, hidden: [24], epochs: 60, batchSize: 32, lr: 0.02, impl: 'custom', testSize: 0.2, seed: 0, ignore: [], save, quiet: true }, engine);
}

function metadataOf(model: string): ModelMetadata {
  return JSON.parse(fs.readFileSync(path.join(model, 'model.json'), 'utf8')).userDefinedMetadata.stacklab;
}

const source = path.join(dir, 'source.csv');
const target = path.join(dir, 'target.csv');
const model = path.join(dir, 'model');

test.before(async () => {
  radiusCsv(source, 400, 1, bands);
  // The same columns in another order: they are matched by name.
  radiusCsv(target, 200, 2, inOut, { order: ['f3', 'f1', 'f4', 'f2'] });
  await trainAndSave(source, model);
});

test("both sides' rows are the saved standardizer's transform of the raw columns, taken by name in the model's order", async () => {
  const artifacts = await openModelArtifacts(model);
  const raw = loadTransferData(target, { testSize: 0.3 });
  const { data, input, inputs } = transferInputs(artifacts, raw, model);
  const { featureNames, standardizer } = metadataOf(model);
  assert.equal(featureNames, ['f1', 'f2', 'f3', 'f4']);
  assert.equal(inputs, { kind: 'saved', model, encoder: false, standardizer: true, features: 4 });
  assert.is(input.scale, 1, 'not divided again');
  await rejects(() => inputOptions(artifacts, raw.train), BadInputError, /prepare the rows with transferInputs/);
  for (const side of ['train', 'test'] as const) {
    assert.equal(data[side].featureNames, featureNames);
    for (const row of [0, 1, data[side].rows - 1]) {
      featureNames!.forEach((name, c) => {
        const rawValue = raw[side].features[row * raw[side].cols + raw[side].featureNames.indexOf(name)];
        const want = Math.fround((rawValue - standardizer!.mean[c]) / standardizer!.scale[c]);
        assert.is(data[side].features[row * 4 + c], want, `${side} row ${row}, ${name}`);
      });
    }
  }
});

test('frozen transfer on the saved standardizer beats the same model fed raw rows, and chance', async () => {
  // The same weights without the preprocessing metadata: what transfer did before it applied it.
  const rawModel = path.join(dir, 'raw-model');
  fs.mkdirSync(rawModel);
  const json = JSON.parse(fs.readFileSync(path.join(model, 'model.json'), 'utf8'));
  delete json.userDefinedMetadata;
  fs.writeFileSync(path.join(rawModel, 'model.json'), JSON.stringify(json));
  fs.copyFileSync(path.join(model, 'weights.bin'), path.join(rawModel, 'weights.bin'));
  const run = async (from: string) =>
    (await transferCommand({ ...transferDefaults, from, data: target, methods: ['frozen'], samplesPerClass: [30], seeds: [1, 2], quiet: true }, await testEngine()))!;
  const saved = await run(model);
  const raw = await run(rawModel);
  assert.equal(saved.inputs, { kind: 'saved', model, encoder: false, standardizer: true, features: 4 });
  assert.equal(raw.inputs, { kind: 'divided', divisor: 1 });
  const [withSaved, withRaw] = [saved.summary[0].accuracy, raw.summary[0].accuracy];
  assert.ok(withSaved >= 0.8, `frozen on the saved standardizer: ${withSaved} (chance 0.5)`);
  assert.ok(withSaved >= withRaw + 0.1, `saved standardizer ${withSaved}, raw rows ${withRaw}`);
});

test('columns that are not the saved ones stop the transfer, naming the file, the model and each column', async () => {
  const other = path.join(dir, 'other.csv');
  fs.writeFileSync(other, ['f1,f2,f3,g,label', ...Array.from({ length: 12 }, (_, i) => `${1000 + i},${2000 - i},${500 + i},${i % 3},${i % 2 ? 'in' : 'out'}`)].join('\n') + '\n');
  const error = await rejects(
    transferCommand({ ...transferDefaults, from: model, data: other, methods: ['frozen'], samplesPerClass: [2], seeds: [1], quiet: true }, await testEngine()),
    FeatureColumnsError,
    /other\.csv \(train, seed 0\): its columns are not the ones .*model was trained on: missing "f4"; not in the model: "g" \(the model takes "f1", "f2", "f3", "f4"\)/,
  );
  assert.instance(error, BadInputError, 'exit 2');
  // A numeric column the model never saw (here the batch each row was measured in) is left out with --ignore.
  const withBatch = path.join(dir, 'with-batch.csv');
  fs.writeFileSync(withBatch, fs.readFileSync(target, 'utf8').split('\n').map((line, i) => (line === '' ? line : `${i === 0 ? 'batch' : i % 5},${line}`)).join('\n'));
  await rejects(transferCommand({ ...transferDefaults, from: model, data: withBatch, methods: ['frozen'], samplesPerClass: [2], seeds: [1], quiet: true }, await testEngine()), FeatureColumnsError, /not in the model: "batch"/);
  const ignored = (await transferCommand({ ...transferDefaults, from: model, data: withBatch, ignore: ['batch'], methods: ['frozen'], samplesPerClass: [2], seeds: [1], quiet: true }, await testEngine()))!;
  assert.equal(ignored.inputs, { kind: 'saved', model, encoder: false, standardizer: true, features: 4 });
  await rejects(
    transferCommand({ ...transferDefaults, from: model, data: target, inputDivisor: 16, methods: ['frozen'], samplesPerClass: [2], seeds: [1], quiet: true }, await testEngine()),
    TransferOptionError,
    /--input-divisor: .* carries the standardizer it was trained with/,
  );
});

test("a categorical source column: the saved encoder one-hot encodes it, so the rows have the model's input width", async () => {
  const categorical = path.join(dir, 'categorical.csv');
  const categoricalTarget = path.join(dir, 'categorical-target.csv');
  const categoricalModel = path.join(dir, 'categorical-model');
  radiusCsv(categorical, 300, 1, bands, { sites: ['north', 'south', 'east'] });
  // The new rows have a site the source never saw: it goes to the "(other)" slot.
  radiusCsv(categoricalTarget, 120, 3, inOut, { sites: ['north', 'south', 'east', 'west'] });
  await trainAndSave(categorical, categoricalModel);
  const { encoder, featureNames } = metadataOf(categoricalModel);
  assert.equal(featureNames!.slice(0, 4), ['f1', 'f2', 'f3', 'f4']);
  assert.equal(featureNames!.slice(4, 7).sort(), ['site=east', 'site=north', 'site=south']);
  assert.is(featureNames![7], 'site=(other)');
  const artifacts = await openModelArtifacts(categoricalModel);
  const { data, inputs } = transferInputs(artifacts, loadTransferData(categoricalTarget, { testSize: 0.3 }), categoricalModel);
  const network = await modelFromArtifacts(artifacts);
  assert.is(data.train.cols, network.inputs[0].shape[1]);
  network.dispose();
  assert.is(data.train.cols, encoder!.featureNames.length);
  assert.equal(inputs, { kind: 'saved', model: categoricalModel, encoder: true, standardizer: true, features: 8 });
  const out = (await transferCommand({ ...transferDefaults, from: categoricalModel, data: categoricalTarget, methods: ['frozen'], samplesPerClass: [20], seeds: [1], quiet: true }, await testEngine()))!;
  assert.ok(out.summary[0].accuracy > 0.7, `frozen: ${out.summary[0].accuracy} (chance 0.5)`);
});

test.run();

import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { trainCommand } from '../../src/commands/train.js';
import type { TrainCommandOptions } from '../../src/commands/trainCommandOptions.js';
import { CsvError } from '../../src/data/csvError.js';
import { seededRandom } from '../../src/data/random.js';
import { BadInputError } from '../../src/errors.js';
import { tf } from '../../src/gpu/tfjsBackend.js';
import { modelFiles } from '../../src/nn/modelFiles.js';
import { rejects } from '../support/rejects.js';
import { suiteTempDir } from '../support/tempDir.js';
import { testEngine } from '../support/engine.js';

const test = suite('stacklab train');
const dir = suiteTempDir(test, 'stacklab-train-');

/** A CSV shaped like GTZAN's features_30_sec.csv: a filename column, sonic features, genre names as labels. */
function gtzanCsv(file: string): void {
  const random = seededRandom(11);
  const genres = ['blues', 'classical', 'metal'];
  const lines = ['filename,length,chroma_stft_mean,rms_mean,spectral_centroid_mean,tempo,label'];
  genres.forEach((genre, g) => {
    for (let i = 0; i < 20; i++) {
      const feature = (centre: number, spread: number) => (centre * (g + 1) + spread * random.normal()).toFixed(4);
      lines.push(`${genre}.${String(i).padStart(5, '0')}.wav,661794,${feature(0.3, 0.05)},${feature(0.1, 0.02)},${feature(1500, 200)},${feature(40, 10)},${genre}`);
    }
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

test('train --label label --ignore filename on a GTZAN-shaped CSV: genres learned, --json with env, --save loads in tfjs', async () => {
  const engine = await testEngine();
  const csv = path.join(dir, 'features_30_sec.csv');
  gtzanCsv(csv);
  const options: TrainCommandOptions = {
    data: csv,
    label: 'label',
    ignore: ['filename'],
    hidden: [16],
    epochs: 20,
    batchSize: 16,
    lr: 0.01,
    impl: 'custom',
    testSize: 0.2,
    seed: 0,
    json: path.join(dir, 'f.json'),
    save: path.join(dir, 'model'),
    quiet: true,
  };
  await trainCommand(options, engine);
  const json = JSON.parse(fs.readFileSync(options.json!, 'utf8'));
  assert.equal(json.data.classes, ['blues', 'classical', 'metal']);
  assert.is(json.data.features, 5);
  assert.is(json.epochs, 20);
  assert.is(json.loss.length, 20);
  assert.type(json.env.adapter.isFallbackAdapter, 'boolean');
  assert.ok(json.testAccuracy >= 0.9, `test accuracy ${json.testAccuracy}`);
  const model = await tf.loadLayersModel(modelFiles(options.save!));
  assert.equal(model.outputs[0].shape, [null, 3]);
  assert.equal((model.getUserDefinedMetadata() as { stacklab: { classNames: string[] } }).stacklab.classNames, ['blues', 'classical', 'metal']);
  model.dispose();
});

test('a bad --ignore column stops the command before training, naming the file and the column', async () => {
  const engine = await testEngine();
  const csv = path.join(dir, 'features_30_sec.csv');
  gtzanCsv(csv);
  const run = trainCommand({ data: csv, ignore: ['file_name'], hidden: [4], epochs: 1, batchSize: 8, lr: 0.01, impl: 'custom', testSize: 0.2, seed: 0, quiet: true }, engine);
  await rejects(run, CsvError, /features_30_sec\.csv: row 1, column "file_name": --ignore names a column the header does not have/);
});

test('train --repeats 2 --validation-split 0.25 --early-stopping 3: two splits in one batch, validation curves, mean ± sd, HTML', async () => {
  const engine = await testEngine();
  const csv = path.join(dir, 'features_30_sec.csv');
  gtzanCsv(csv);
  const json = path.join(dir, 'repeats.json');
  const html = path.join(dir, 'repeats.html');
  const base = { data: csv, label: 'label', ignore: ['filename'], hidden: [16], epochs: 30, batchSize: 16, lr: 0.01, impl: 'custom' as const, testSize: 0.2, seed: 5, quiet: true };
  await trainCommand({ ...base, repeats: 2, validationSplit: 0.25, earlyStopping: 3, json, html }, engine);
  const result = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(result.settings.repeats, 2);
  assert.equal(result.splits.map((s: { seed: number }) => s.seed), [5, 6]);
  for (const s of result.splits) {
    assert.equal(s.rows, { train: 36, validation: 12, test: 12 });
    assert.is(s.validationAccuracy.length, s.epochsRun);
    assert.is(s.validationLoss.length, s.epochsRun);
    assert.ok(s.bestEpoch >= 0 && s.bestEpoch < s.epochsRun);
    assert.is(s.stoppedEarly, s.epochsRun < 30);
    assert.ok(s.testAccuracy >= 0.9, `seed ${s.seed}: test accuracy ${s.testAccuracy}`);
  }
  const accuracies: number[] = result.splits.map((s: { testAccuracy: number }) => s.testAccuracy);
  assert.ok(Math.abs(result.summary.testAccuracy.mean - (accuracies[0] + accuracies[1]) / 2) < 1e-12);
  assert.ok(result.env.adapter, 'env block');
  assert.match(fs.readFileSync(html, 'utf8'), /mean|± /);
  await rejects(trainCommand({ ...base, impl: 'tfjs', repeats: 2 }, engine), BadInputError, /--impl custom/);
  await rejects(trainCommand({ ...base, earlyStopping: 3 }, engine), BadInputError, /--early-stopping needs --validation-split/);
});

test.run();

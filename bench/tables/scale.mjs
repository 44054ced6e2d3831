// The scale benchmark of docs/results.md ("Tables at scale"): loads a generated CSV and trains `stacklab train`'s
// default MLP (one hidden layer of 64) on it, in one process, and prints the adapter, load time, training time and
// peak RSS as one JSON line. A benchmark, not a test: run it one file at a time, on an otherwise idle machine.
// Usage (after npm run build): node bench/tables/scale.mjs FILE.csv [EPOCHS [BATCH_SIZE]]   (defaults 1 and 32)
import { closeEngine, disposeExperiment, loadCsvDataset, openNodeEngine, runExperiment } from '../../dist/lib/node.js';

const [file, epochs = '1', batchSize = '32'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/tables/scale.mjs FILE.csv [EPOCHS [BATCH_SIZE]]');
  process.exit(2);
}
const seconds = (since) => Number(((performance.now() - since) / 1000).toFixed(1));
const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

const loading = performance.now();
const dataset = loadCsvDataset(file, {}, (line) => console.error(line));
const loadSeconds = seconds(loading);
const loadPeakMiB = peakMiB();

const engine = await openNodeEngine();
const { vendor, architecture, description } = engine.adapterInfo;
const training = performance.now();
const result = await runExperiment(engine, dataset, { impl: 'custom', hidden: [64], epochs: Number(epochs), batchSize: Number(batchSize), seed: 0 });
const trainSeconds = seconds(training);
console.log(
  JSON.stringify({
    file,
    adapter: [vendor, architecture, description].filter(Boolean).join(' / '),
    rows: dataset.rows,
    cols: dataset.cols,
    loadSeconds,
    loadPeakRssMiB: loadPeakMiB,
    epochs: Number(epochs),
    batchSize: Number(batchSize),
    epochSeconds: result.history.epochMs.map((ms) => Number((ms / 1000).toFixed(1))),
    trainAndEvaluateSeconds: trainSeconds,
    testAccuracy: Number(result.testAccuracy.toFixed(4)),
    peakRssMiB: peakMiB(),
  }),
);
disposeExperiment(result);
closeEngine(engine);

// The transfer part of `stacklab demo`, two experiments on the same methods:
// - Fashion-MNIST: models/fashion-0-4 (trained on classes 0–4) → classes 5–9, frozen base + new head against logistic
//   regression on pixels. The base's features are computed once, so every head after that takes milliseconds;
//   scratch and fine-tuning (minutes here) are left to `stacklab transfer` (README).
// - A negative control: the digits 0–4 MLP → digits 5–9, every method. 8×8 digits share nearly all their low-level
//   features and the source adds little, so transfer is not expected to win there (see the README).
import path from 'node:path';
import {
  type Engine,
  adapterLine,
  withConvBackend,
  runTransferExperiment,
  type TransferExperimentOptions as ExperimentOptions,
  type TransferExperimentResult as ExperimentResult,
  type MethodName,
  noProgress,
  inputOptions,
  bundledDataDir,
  openModelArtifacts,
  loadTransferData,
  transferFragment,
} from '../node.js';
import { transferDefaults } from './transfer.js';

interface DemoExperiment {
  title: string;
  from: string;
  data: string;
  classes?: number[];
  methods: MethodName[];
  samplesPerClass: number[];
  seeds: number[];
  testLimit?: number;
  steps: number;
  fineTuneLayers: number;
}

const experiments: DemoExperiment[] = [
  {
    title: 'Transfer learning: Fashion-MNIST classes 0–4 → 5–9',
    from: 'models/fashion-0-4',
    data: 'fashion-mnist',
    classes: [5, 6, 7, 8, 9],
    methods: ['frozen', 'pixels'],
    samplesPerClass: [5, 10, 20, 50],
    seeds: [1, 2, 3],
    testLimit: 1000,
    steps: transferDefaults.steps,
    fineTuneLayers: transferDefaults.fineTuneLayers,
  },
  {
    title: 'Negative control: digits 0–4 → 5–9 (8×8 images, an MLP source)',
    from: 'models/digits-0-4',
    data: 'data/digits-5-9.csv',
    methods: ['scratch', 'frozen', 'finetune', 'pixels'],
    samplesPerClass: [5, 10],
    seeds: [1, 2, 3],
    steps: 100,
    fineTuneLayers: 1,
  },
];

async function runDemoExperiment(spec: DemoExperiment, log: (line: string) => void): Promise<ExperimentResult> {
  const root = path.dirname(bundledDataDir());
  const artifacts = await openModelArtifacts(path.join(root, spec.from));
  const d = transferDefaults;
  const data = loadTransferData(spec.data === 'fashion-mnist' ? spec.data : path.join(root, spec.data), { classes: spec.classes, testSize: d.testSize, testLimit: spec.testLimit });
  const options: ExperimentOptions = {
    input: inputOptions(artifacts, data.train),
    batchSize: d.batchSize,
    training: { steps: spec.steps, stopLoss: d.stopLoss, batchSize: d.trainBatchSize, learningRate: d.lr, fineTuneLayers: spec.fineTuneLayers, fineTuneLearningRate: d.fineTuneLr, headC: d.headC, pixelsC: d.pixelsC },
    progress: noProgress,
    methods: spec.methods,
    samplesPerClass: spec.samplesPerClass,
    seeds: spec.seeds,
  };
  log(`${spec.title}:`);
  const result = await runTransferExperiment(artifacts, data, options);
  for (const s of result.summary) log(`  ${s.samplesPerClass}/class ${s.method}: ${(s.accuracy * 100).toFixed(1)} ± ${(s.sd * 100).toFixed(1)}%`);
  return result;
}

export async function demoSection(engine: Engine, log: (line: string) => void = () => {}): Promise<{ json: Record<string, unknown>; html: string }> {
  const json: Record<string, unknown> = {};
  const html: string[] = [];
  await withConvBackend(engine, async (backend) => {
    json.tfjsBackend = backend;
    for (const [i, spec] of experiments.entries()) {
      const result = await runDemoExperiment(spec, log);
      json[spec.from] = { ...spec, cutLayer: result.cutLayer, testRows: result.testRows, featureExtraction: result.featureExtraction, summary: result.summary, runs: result.runs, wallMs: result.wallMs };
      const description = `${spec.from} → ${spec.data}${spec.classes ? ` classes ${spec.classes.join(',')}` : ''}, base cut after "${result.cutLayer}"; scored on ${result.testRows} test rows; tfjs on ${backend}.`;
      html.push(transferFragment({ title: spec.title, description, adapter: adapterLine(engine.facts), summary: result.summary }, `transfer-curve-${i}`));
    }
  });
  return { json, html: html.join('\n') };
}

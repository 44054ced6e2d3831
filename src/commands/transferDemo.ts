// The transfer part of `stacklab demo`: the shipped digits 0–4 MLP transferred to digits 5–9 with few labels, every
// method on the same draws. A negative control: 8×8 digits share nearly all their low-level features and the source
// adds little, so transfer is not expected to win here (see the README).
import path from 'node:path';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs } from '../gpu/tfjsBackend.js';
import { adapterLine } from '../gpu/adapterFacts.js';
import { bundledDataDir, loadCsvDataset } from '../data/loadCsv.js';
import { runTransferExperiment, type ExperimentOptions } from '../transfer/experiment.js';
import { stacklabMetadata } from '../transfer/metadata.js';
import { openModelArtifacts } from '../transfer/openModel.js';
import { noProgress } from '../transfer/progress.js';
import { splitTransferData } from '../transfer/transferData.js';
import { transferDefaults } from './transfer.js';
import { transferFragment } from './transferReport.js';

const digitsDemo = {
  from: 'models/digits-0-4',
  data: 'data/digits-5-9.csv',
  methods: ['scratch', 'frozen', 'finetune', 'pixels'] as const,
  samplesPerClass: [5, 10],
  seeds: [1, 2, 3],
  steps: 100,
};

export async function demoSection(engine: Engine, log: (line: string) => void = () => {}): Promise<{ json: Record<string, unknown>; html: string }> {
  await bindTfjs(engine);
  const root = path.dirname(bundledDataDir());
  const artifacts = await openModelArtifacts(path.join(root, digitsDemo.from));
  const data = splitTransferData(loadCsvDataset(path.join(root, digitsDemo.data)), transferDefaults.testSize);
  const d = transferDefaults;
  const options: ExperimentOptions = {
    input: { scale: stacklabMetadata(artifacts).inputDivisor ?? 1 },
    batchSize: d.batchSize,
    training: { steps: digitsDemo.steps, stopLoss: d.stopLoss, batchSize: d.trainBatchSize, learningRate: d.lr, fineTuneLayers: 1, fineTuneLearningRate: d.fineTuneLr, headC: d.headC, pixelsC: d.pixelsC },
    progress: noProgress,
    methods: digitsDemo.methods,
    samplesPerClass: digitsDemo.samplesPerClass,
    seeds: digitsDemo.seeds,
    log,
  };
  const result = await runTransferExperiment(artifacts, data, options);
  const description = `${digitsDemo.from} (an MLP trained on digits 0–4) → digits 5–9, base cut after "${result.cutLayer}"; scored on ${result.testRows} held-out rows.`;
  return {
    json: { ...digitsDemo, settings: options.training, cutLayer: result.cutLayer, testRows: result.testRows, runs: result.runs, summary: result.summary, wallMs: result.wallMs },
    html: transferFragment({ title: 'Transfer learning (negative control): digits 0–4 → 5–9', description, adapter: adapterLine(engine.facts), summary: result.summary }),
  };
}

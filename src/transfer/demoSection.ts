// The transfer experiment's part of `stacklab demo`: the shipped digits 0–4 model, transferred to digits 5–9 with
// few labels, against the same network from scratch. Sized to finish in about a minute on SwiftShader; the
// feature-caching timing is left to `stacklab transfer`, as a few epochs are too short to time meaningfully.
import path from 'node:path';
import type { Engine } from '../gpu/engine.js';
import { bindTfjs } from '../gpu/tfjsBackend.js';
import { adapterLine } from '../gpu/adapterFacts.js';
import { bundledDataDir, loadCsvDataset } from '../data/loadCsv.js';
import { runTransferExperiment, type ExperimentOptions } from './experiment.js';
import { stacklabMetadata } from './metadata.js';
import { openModelArtifacts } from './openModel.js';
import { transferFragment } from './report.js';

const transferDemoSettings: Omit<ExperimentOptions, 'input' | 'progress'> = {
  freeze: 'all',
  samplesPerClass: [10],
  seeds: [1, 2, 3],
  epochs: 50,
  batchSize: 32,
  learningRate: 0.01,
  testSize: 0.3,
  impl: 'auto',
  cachingEpochs: 0,
};

export async function demoSection(engine: Engine, log: (line: string) => void = () => {}): Promise<{ json: Record<string, unknown>; html: string }> {
  await bindTfjs(engine);
  const root = path.dirname(bundledDataDir());
  const from = path.join(root, 'models/digits-0-4');
  const artifacts = await openModelArtifacts(from);
  const dataset = loadCsvDataset(path.join(root, 'data/digits-5-9.csv'));
  const result = await runTransferExperiment(engine, artifacts, dataset, {
    ...transferDemoSettings,
    input: { scale: stacklabMetadata(artifacts).inputDivisor ?? 1 },
    progress: log,
  });
  const json = {
    from: 'models/digits-0-4',
    data: 'data/digits-5-9.csv',
    settings: transferDemoSettings,
    impl: result.impl,
    cutLayer: result.cutLayer,
    testRows: result.testRows,
    runs: result.runs,
    featureCaching: result.featureCaching,
    wallMs: result.wallMs,
  };
  return { json, html: transferFragment(result, adapterLine(engine.facts)) };
}

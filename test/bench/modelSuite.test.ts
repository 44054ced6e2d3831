// The model suite run in process on a model held in memory: both ways agree, and a run leaves behind no tfjs tensor
// and no stacklab buffer it made, so a long session can bench model after model.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { modelKind, type BenchModel } from '../../src/bench/benchModel.js';
import { runBench } from '../../src/bench/runBench.js';
import { bindTfjs, tf } from '../../src/gpu/tfjsBackend.js';
import { testEngine } from '../support/engine.js';

const test = suite('bench model in process');

/** A conv LayersModel's artifacts, as tfjs saves them, without touching a file. */
async function convModelArtifacts(): Promise<tf.io.ModelArtifacts> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 3, name: 'out' }),
    ],
  });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  return saved!;
}

test('predict and fit, twice: agreeing rows, and every tensor and buffer the run made is gone', async () => {
  const engine = await testEngine();
  await bindTfjs(engine);
  const artifacts = await convModelArtifacts();
  const model: BenchModel = { source: 'in-memory conv model', kind: modelKind(artifacts), artifacts };
  const tensors = tf.memory().numTensors;
  const buffers = engine.memory.counts().liveGpuBuffers;
  for (let round = 1; round <= 2; round++) {
    const run = await runBench(engine, { suites: ['model'], shapes: [[3]], transposed: false, samples: 2, minMs: 0, model });
    assert.equal(run.results.map((r) => `${r.case} ${r.impl} ${r.ok}`), ['predict batch 3 tfjs+stacklab true', 'predict batch 3 tfjs true', 'fit batch 3 tfjs+stacklab true', 'fit batch 3 tfjs true']);
    assert.is(tf.memory().numTensors, tensors, `run ${round}: tfjs tensors ${tensors} → ${tf.memory().numTensors}`);
    assert.is(engine.memory.counts().liveGpuBuffers, buffers, `run ${round}: stacklab buffers`);
  }
});

test('without a model the suite has no cases, so `bench all` runs the others', async () => {
  const run = await runBench(await testEngine(), { suites: ['model'], transposed: false, samples: 2, minMs: 0 });
  assert.equal(run.results, []);
});

test.run();

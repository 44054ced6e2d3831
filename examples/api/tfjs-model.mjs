// A tfjs model of your own, trained on stacklab's kernels: useStacklabKernels(engine) registers stacklab's
// matmul and fused dense kernels as tfjs-backend-webgpu's BatchMatMul and _FusedMatMul, so model.fit and
// model.predict run on them without a change to the model. The same model (same initial weights, same data,
// no shuffling) is trained once on tfjs's own kernels and once on stacklab's; the losses should agree closely.
// tfjs comes from the program's own @tensorflow/tfjs (a peer dependency of stacklab, so the same copy).
//
//   node examples/api/tfjs-model.mjs [--epochs N]
import * as tf from '@tensorflow/tfjs';
import { bindTfjs, closeEngine, openNodeEngine, tf as stacklabTf, useStacklabKernels } from 'stacklab/node';

const at = process.argv.indexOf('--epochs');
const epochs = at > 0 ? Number(process.argv[at + 1]) : 5;
const [rows, features, classes] = [512, 20, 4];

function buildModel() {
  const init = (seed) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [features], units: 64, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

async function train() {
  const model = buildModel();
  const history = await model.fit(x, y, { epochs, batchSize: 64, shuffle: false, verbose: 0 });
  model.dispose();
  return history.history.loss.map(Number);
}

const engine = await openNodeEngine();
await bindTfjs(engine); // tfjs's webgpu backend on the engine's device: both runs use the same GPU
// tfjs is a peer dependency: the tfjs this program imports is the one stacklab binds (one engine, one registry).
if (tf.engine() !== stacklabTf.engine()) throw new Error('two copies of @tensorflow/tfjs are installed: stacklab binds the other one');

// Random data with a learnable rule: the class is the argmax of four fixed linear projections.
const x = tf.randomUniform([rows, features], -1, 1, 'float32', 7);
const projection = tf.randomNormal([features, classes], 0, 1, 'float32', 8);
const y = tf.oneHot(tf.argMax(tf.matMul(x, projection), 1), classes).asType('float32');
const tfjsLoss = await train();

const handle = await useStacklabKernels(engine);
// Kernels compile on first use (meanwhile tfjs's own answer): one warm-up fit, then wait for the compiles.
const warmUp = buildModel();
await warmUp.fit(x.slice(0, 64), y.slice(0, 64), { epochs: 1, batchSize: 64, verbose: 0 });
warmUp.dispose();
await handle.ready();
const before = { ...handle.calls };
const stacklabLoss = await train();
await handle.ready(); // a GPU error in a stacklab kernel would surface here
const calls = { BatchMatMul: handle.calls.BatchMatMul - before.BatchMatMul, _FusedMatMul: handle.calls._FusedMatMul - before._FusedMatMul };
handle.restore();

const maxRelDiff = Math.max(...tfjsLoss.map((loss, i) => Math.abs(loss - stacklabLoss[i]) / Math.abs(loss)));
const ok = maxRelDiff < 1e-3 && calls.BatchMatMul + calls._FusedMatMul > 0;
console.log(JSON.stringify({ adapter: engine.facts.description, epochs, tfjsLoss, stacklabLoss, maxRelDiff, stacklabCalls: calls, fellThrough: handle.fellThrough, ok }, null, 2));
tf.dispose([x, projection, y]);
closeEngine(engine);
process.exitCode = ok ? 0 : 1;

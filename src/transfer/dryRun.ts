// Before a network trains: one example through every layer the training touches, on its own, forward and backward, on
// the current tfjs backend. A kernel the backend lacks (tfjs-backend-wasm has no gradient for some ops: "Kernel …
// not registered for backend 'wasm'", a dilated convolution) then fails here, in a second, naming the layer, rather
// than minutes into training as an unexpected error. Layers alike (class, configuration, input shapes, what they
// need) are tried once per backend and process; MobileNetV2's 150-odd layers are some forty kinds.
import { tf } from '../gpu/tfjsBackend.js';
import { TransferOptionError } from './errors.js';
import { leafLayers } from './modelLayers.js';

/** What a layer must do in training: its forward pass always, its weights' gradient, its input's gradient. */
interface LayerNeeds {
  weightGradient: boolean;
  inputGradient: boolean;
}

const verified = new Set<string>();

/** One example's input shapes, or null when the model leaves a dimension open (no example can be made up). */
function inputShapes(layer: tf.layers.Layer): number[][] | null {
  const shapes = layer.inboundNodes[0].inputTensors.map((t) => [1, ...t.shape.slice(1)]);
  return shapes.every((shape) => shape.every((d) => d !== null)) ? (shapes as number[][]) : null;
}

function signature(layer: tf.layers.Layer, needs: LayerNeeds, training: boolean): string {
  const { name: _name, ...config } = layer.getConfig();
  return JSON.stringify([tf.getBackend(), layer.getClassName(), config, inputShapes(layer), needs, training]);
}

/** One example of ones through the layer, and the gradients it must give; its state (BatchNorm statistics) restored. */
function tryLayer(layer: tf.layers.Layer, needs: LayerNeeds, training: boolean): void {
  const state = layer.nonTrainableWeights.map((w) => w.read().clone());
  try {
    tf.tidy(() => {
      const xs = inputShapes(layer)!.map((shape) => tf.fill(shape, 0.5));
      const total = (inputs: tf.Tensor[]) => {
        const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training }) as tf.Tensor | tf.Tensor[];
        return (Array.isArray(out) ? out : [out]).reduce<tf.Scalar>((sum, t) => sum.add(t.sum()), tf.scalar(0));
      };
      if (needs.inputGradient) tf.grads((...inputs: tf.Tensor[]) => total(inputs))(xs);
      if (needs.weightGradient) tf.variableGrads(() => total(xs), layer.trainableWeights.map((w) => w.read() as tf.Variable));
      if (!needs.inputGradient && !needs.weightGradient) total(xs);
    });
  } finally {
    layer.nonTrainableWeights.forEach((w, i) => w.write(state[i]));
    tf.dispose(state);
  }
}

/**
 * Checks that `model` can take a training step on the current tfjs backend: every layer from the lowest trainable one
 * up runs forward and gives the gradients training needs, on one example. Throws TransferOptionError naming the layer,
 * the backend's complaint and `option` (what to change to leave that layer out), beside the conv backend setting.
 */
export function checkTrainingKernels(model: tf.LayersModel, training: boolean, option: string, leaveOut: string): void {
  const layers = leafLayers(model).filter((layer) => layer.getClassName() !== 'InputLayer');
  const lowest = layers.findIndex((layer) => layer.trainable && layer.trainableWeights.length > 0);
  if (lowest < 0) return;
  for (const [i, layer] of layers.entries()) {
    if (i < lowest || !inputShapes(layer)) continue;
    const needs = { weightGradient: layer.trainable && layer.trainableWeights.length > 0, inputGradient: i > lowest };
    const key = signature(layer, needs, training);
    if (verified.has(key)) continue;
    try {
      tryLayer(layer, needs, training);
    } catch (error) {
      const why = (error as Error)?.message ?? String(error);
      const other = tf.getBackend() === 'wasm' ? 'run networks on webgpu (STACKLAB_CONV_BACKEND=webgpu, the engine setting convBackend)' : 'run networks on wasm (STACKLAB_CONV_BACKEND=wasm, the engine setting convBackend)';
      throw new TransferOptionError(option, `layer "${layer.name}" (${layer.getClassName()}) cannot train on tfjs's ${tf.getBackend()} backend: ${why}. ${leaveOut}, or ${other}`);
    }
    verified.add(key);
  }
}

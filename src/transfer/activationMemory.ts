// How much memory one training example costs, read from the model's layers. While tfjs computes gradients it keeps
// every tensor the forward pass made until the backward pass is done, whichever layers train, and adds the gradients
// of the activations on the way back. So the cost is the sum of every layer's output (float32) times a factor for what
// tfjs keeps beside it. The factors were measured with tf.profile's peak bytes on the MobileNetV2-style model of
// docs/results.md (224×224, wasm): 2.1–2.8× the layer outputs with BatchNorm in inference mode (fine-tuning), 6.9–8.1×
// with BatchNorm on batch statistics (scratch: mean, variance and their gradients for every BatchNorm).
import type { tf } from '../gpu/tfjsBackend.js';
import { leafLayers } from './modelLayers.js';

/** What tfjs keeps per byte of layer output during a training step, with a margin over the measured peaks. */
const keptPerOutputByte = { inference: 3, batchStatistics: 8 };

/** Activation memory of one example in a training step, estimated from the model's layers. */
export interface ActivationEstimate {
  /** Sum over the model's layers of one example's output bytes (float32). */
  outputBytesPerExample: number;
  /** What a training step holds per example: the outputs times what tfjs keeps beside them. */
  bytesPerExample: number;
  /** The largest single layer output of one example (a GPU buffer holds one tensor: the per-tensor limit binds it). */
  largestOutputBytesPerExample: number;
}

function outputBytes(layer: tf.layers.Layer): number {
  const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
  return shapes.reduce((sum, shape) => sum + 4 * shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1), 0);
}

/**
 * The activation memory per example of a training step of `model`, run in training mode or not: in training mode
 * BatchNorm layers normalize over the batch, which keeps several batch-sized tensors per layer.
 */
export function estimateActivations(model: tf.LayersModel, training: boolean): ActivationEstimate {
  const layers = leafLayers(model);
  const sizes = layers.map(outputBytes);
  const outputBytesPerExample = sizes.reduce((a, b) => a + b, 0);
  const batchStatistics = training && layers.some((layer) => layer.getClassName() === 'BatchNormalization');
  const factor = batchStatistics ? keptPerOutputByte.batchStatistics : keptPerOutputByte.inference;
  return { outputBytesPerExample, bytesPerExample: outputBytesPerExample * factor, largestOutputBytesPerExample: Math.max(0, ...sizes) };
}

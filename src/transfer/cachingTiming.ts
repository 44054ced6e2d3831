// Why features are cached: a head trained on base features computed once, against the same head trained through
// the frozen base, which recomputes those features every epoch. Same data, epochs, batches and seed.
import { tf } from '../gpu/tfjsBackend.js';
import { newHead, stackHead, featureShape } from './head.js';
import { fitClassifier, type FitOptions } from './trainLoop.js';

export interface CachingTiming {
  rows: number;
  epochs: number;
  /** Base features once + head training on them, ms (wall, until the last loss is read back). */
  cachedMs: number;
  /** Head training through the frozen base every batch, ms. */
  uncachedMs: number;
  speedup: number;
}

/** `base` must already be frozen. Runs each path once untimed first, so shader compilation is not counted. */
export async function measureFeatureCaching(base: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, classes: number, options: FitOptions): Promise<CachingTiming> {
  const cached = async (epochs: number) => {
    const features = base.predict(x, { batchSize: 256 }) as tf.Tensor;
    const head = newHead(features.shape.slice(1), classes, options.seed);
    await fitClassifier(head, features, y, { ...options, epochs });
    features.dispose();
    head.dispose();
  };
  const uncached = async (epochs: number) => {
    const head = newHead(featureShape(base), classes, options.seed);
    await fitClassifier(stackHead(base, head), x, y, { ...options, epochs });
    head.dispose();
  };
  await cached(1);
  await uncached(1);
  let start = performance.now();
  await cached(options.epochs);
  const cachedMs = performance.now() - start;
  start = performance.now();
  await uncached(options.epochs);
  const uncachedMs = performance.now() - start;
  return { rows: x.shape[0], epochs: options.epochs, cachedMs, uncachedMs, speedup: uncachedMs / cachedMs };
}

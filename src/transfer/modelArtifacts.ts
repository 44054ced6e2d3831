// Checks on a model's artifacts that tfjs would otherwise report late or vaguely: every layer class is known,
// and the weight bytes are exactly what the manifest describes. Host-agnostic (no fs).
import { tf } from '../gpu/tfjsBackend.js';
import { ModelFormatError, UnknownLayerError, WeightSizeError } from '../nn/modelErrors.js';
import { manifestBytes } from '../nn/weightManifest.js';

type Json = Record<string, unknown>;

/** Every [layer name, class name] in a Keras/tfjs model topology, nested models included. */
function layerClasses(topology: unknown): [string, string][] {
  const out: [string, string][] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    // Converted Keras models wrap the model in model_config; tfjs-saved ones do not.
    if (n.model_config) return visit(n.model_config);
    const config = n.config as Json | unknown[] | undefined;
    // Old Sequential files keep the layer list directly in config.
    const layers = Array.isArray(config) ? config : (config as Json | undefined)?.layers;
    if (!Array.isArray(layers)) return;
    for (const layer of layers as Json[]) {
      const className = String(layer.class_name);
      const name = String((layer.config as Json | undefined)?.name ?? layer.name ?? '?');
      out.push([name, className]);
      visit(layer);
    }
  };
  visit(topology);
  return out;
}

function knownClasses(): Set<string> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, unknown>;
  // Containers are built by tfjs itself rather than looked up in the registry.
  return new Set([...Object.keys(map), 'Sequential', 'Model', 'Functional']);
}

function checkLayerClasses(topology: unknown, source: string): void {
  const known = knownClasses();
  for (const [name, className] of layerClasses(topology)) {
    if (!known.has(className)) throw new UnknownLayerError(source, name, className);
  }
}

/** The loaded weight bytes against the manifest, for loaders (like http) that cannot see per-file sizes. */
function checkWeightBytes(artifacts: tf.io.ModelArtifacts, source: string): void {
  const manifest = artifacts.weightSpecs ?? [];
  const expected = manifestBytes(manifest, source);
  const data = artifacts.weightData;
  const actual = data === undefined ? 0 : Array.isArray(data) ? data.reduce((a, b) => a + b.byteLength, 0) : data.byteLength;
  if (expected !== actual) throw new WeightSizeError(source, ['(all weight files)'], expected, actual);
}

/** Reads a model's artifacts through any IOHandler and checks them, so failures name their cause. */
export async function readCheckedArtifacts(handler: tf.io.IOHandler, source: string): Promise<tf.io.ModelArtifacts> {
  if (!handler.load) throw new ModelFormatError(source, 'this model source cannot be read');
  const artifacts = await handler.load();
  if (!artifacts.modelTopology) throw new ModelFormatError(source, 'model.json has no modelTopology: is it a LayersModel (not a GraphModel)?');
  checkLayerClasses(artifacts.modelTopology, source);
  checkWeightBytes(artifacts, source);
  return artifacts;
}

/** A new model with the artifacts' weights; each call gives independent weights (fine-tuning one leaves the rest). */
export function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

export async function loadCheckedModel(handler: tf.io.IOHandler, source: string): Promise<tf.LayersModel> {
  return modelFromArtifacts(await readCheckedArtifacts(handler, source));
}

// "The same network from scratch": the pretrained model's architecture with fresh, seeded initial weights.
import { tf } from '../gpu/tfjsBackend.js';

/** A copy of the topology in which every initializer that takes a seed gets a distinct one derived from `seed`. */
function seededTopology(topology: object, seed: number): object {
  let next = 0;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    if ('seed' in out) out.seed = seed * 1009 + next++;
    return out;
  };
  return visit(topology) as object;
}

export function freshModel(topology: object, seed: number): Promise<tf.LayersModel> {
  return tf.models.modelFromJSON({ modelTopology: seededTopology(topology, seed) } as tf.io.ModelJSON);
}

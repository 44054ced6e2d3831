// The tune table: per adapter, per shape bucket, the name of the kernel variant `stacklab tune` measured fastest.
// It belongs to the engine (engine.tuning), so every host hands it to the kernels the same way: Node reads the
// tune cache file when it opens the engine, the browser page receives it through the page bridge.
import type { AdapterFacts } from './adapterFacts.js';

/**
 * The tune table (`stacklab tune` writes it; engine.tuning holds it): for each adapter, keyed by adapterKey, the
 * fastest matmul variant per shape bucket (see shapeBucket).
 */
export interface TuningTable {
  /** The file format's version. */
  version: 1;
  /** By adapterKey: the adapter measured, when (ISO 8601), and the winning variant's name per shape bucket. */
  adapters: Record<
    string,
    {
      adapter: Pick<AdapterFacts, 'vendor' | 'architecture' | 'description'>;
      date: string;
      winners: Record<string, string>;
      /** `tune --kernel`'s best parameter values (-D NAME=VALUE) by user kernel name, then shape (e.g. `256x256x256`). */
      kernels?: Record<string, Record<string, Record<string, number>>>;
    }
  >;
}

/** The key of an adapter in a TuningTable: vendor / architecture / description. */
export function adapterKey(facts: Pick<AdapterFacts, 'vendor' | 'architecture' | 'description'>): string {
  return [facts.vendor, facts.architecture, facts.description].join(' / ');
}

/** The variant name measured fastest for `bucket` on this adapter, if the table has one. */
export function tunedWinner(table: TuningTable | null, facts: AdapterFacts, bucket: string): string | undefined {
  return table?.adapters[adapterKey(facts)]?.winners[bucket];
}

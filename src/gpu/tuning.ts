// The tune table: per adapter, per shape bucket, the name of the kernel variant `stacklab tune` measured fastest.
// It belongs to the engine (engine.tuning), so every host hands it to the kernels the same way: Node reads the
// tune cache file when it opens the engine, the browser page receives it through the page bridge.
import type { AdapterFacts } from './adapterFacts.js';

export interface TuningTable {
  version: 1;
  adapters: Record<string, { adapter: Pick<AdapterFacts, 'vendor' | 'architecture' | 'description'>; date: string; winners: Record<string, string> }>;
}

export function adapterKey(facts: Pick<AdapterFacts, 'vendor' | 'architecture' | 'description'>): string {
  return [facts.vendor, facts.architecture, facts.description].join(' / ');
}

/** The variant name measured fastest for `bucket` on this adapter, if the table has one. */
export function tunedWinner(table: TuningTable | null, facts: AdapterFacts, bucket: string): string | undefined {
  return table?.adapters[adapterKey(facts)]?.winners[bucket];
}

// `--trace`: Chrome trace-event JSON (the format chrome://tracing and Perfetto open): one complete ("X") event
// per slice, one thread per lane, times in microseconds from the run's first slice.
import type { ResultEnv } from '../../results/env.js';
import type { TraceSlice } from '../results.js';

/** One Chrome trace event: a complete slice (`X`) or thread metadata (`M`); times in microseconds. */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

/** A Chrome trace-event file (what `--trace` writes; chrome://tracing and Perfetto open it). */
export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

/** The run's slices as a Chrome trace: one thread per lane, times from the first slice, the adapter in otherData. */
export function traceFile(env: ResultEnv, slices: readonly TraceSlice[], title: string): TraceFile {
  const origin = Math.min(...slices.map((s) => s.startMs));
  const lanes = [...new Set(slices.map((s) => s.lane))];
  const pid = 1;
  const events: TraceEvent[] = [
    { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${title} (${env.host}, ${env.adapter.description || env.adapter.device})` } },
    ...lanes.map((lane, i) => ({ name: 'thread_name', ph: 'M' as const, pid, tid: i + 1, args: { name: lane } })),
    ...lanes.map((lane, i) => ({ name: 'thread_sort_index', ph: 'M' as const, pid, tid: i + 1, args: { sort_index: i } })),
    ...slices.map((s) => ({
      name: s.name,
      cat: s.category,
      ph: 'X' as const,
      pid,
      tid: lanes.indexOf(s.lane) + 1,
      ts: (s.startMs - origin) * 1000,
      dur: s.durationMs * 1000,
      ...(s.args ? { args: s.args } : {}),
    })),
  ];
  return { traceEvents: events, displayTimeUnit: 'ms', otherData: { adapter: env.adapter, host: env.host, date: env.date, gitCommit: env.gitCommit } };
}

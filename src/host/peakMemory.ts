// Node only: the peak resident set size of this process, and of the tensor memory tfjs holds, while some work runs
// (sampled every 100 ms, and whenever `sample` is called, e.g. between batches, when the event loop was busy).
import { tf } from '../gpu/tfjsBackend.js';

/** The peaks PeakMemory saw. */
export interface PeakMemoryReport {
  /** Largest Node RSS seen, bytes. */
  peakRssBytes: number;
  /** Largest tf.memory().numBytes seen: tensors tfjs holds (on the GPU for webgpu, in the WASM heap for wasm). */
  peakTfjsBytes: number;
  /** How many samples were taken. */
  samples: number;
}

/**
 * The peak resident set size of this process, and of the tensor memory tfjs holds, while some work runs: sampled
 * every `intervalMs` (default 100 ms) from construction until `stop()`, and whenever `sample()` is called (e.g.
 * between batches, when the event loop is too busy for the timer). Node only.
 */
export class PeakMemory {
  private report: PeakMemoryReport = { peakRssBytes: 0, peakTfjsBytes: 0, samples: 0 };
  private readonly timer: ReturnType<typeof setInterval>;

  /** `tfjsBytes`: null where this process runs no tfjs (the browser host: the page reports its own). */
  constructor(private readonly tfjsBytes: (() => number) | null = () => tf.memory().numBytes, intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Takes a sample now. */
  sample(): void {
    this.report.peakRssBytes = Math.max(this.report.peakRssBytes, process.memoryUsage.rss());
    if (this.tfjsBytes) this.report.peakTfjsBytes = Math.max(this.report.peakTfjsBytes, this.tfjsBytes());
    this.report.samples++;
  }

  /** Stops sampling, takes a last sample, and returns the peaks. */
  stop(): PeakMemoryReport {
    clearInterval(this.timer);
    this.sample();
    return { ...this.report };
  }
}

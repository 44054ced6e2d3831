// The checks of a plain-Node stage of `npm test` (test/package.mjs, test/tfjsSpecs/compare.mjs): one line per check
// as it ends, then uvu's summary block, which test/run.mjs reads and sums with the uvu stages' own.
export function stageSummary() {
  const started = performance.now();
  let total = 0;
  let passed = 0;
  return {
    /** Counts one check; `line` (printed after ✔ or ✘) may be omitted for checks counted in bulk. */
    record(ok, line) {
      total++;
      if (ok) passed++;
      if (line !== undefined) console.log(`  ${ok ? '✔' : '✘'} ${line}`);
    },
    /** Prints the summary and ends the process: exit 1 when any check failed. */
    finish() {
      console.log(`\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   0\n  Duration:  ${((performance.now() - started) / 1000).toFixed(2)}s\n`);
      process.exit(passed === total ? 0 : 1);
    },
  };
}

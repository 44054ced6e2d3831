// Imported before uvu: test files queue their suites into one group, and the runner executes them all at the end.
const g = globalThis as { UVU_DEFER?: number; UVU_QUEUE?: unknown[][] };
g.UVU_DEFER = 1;
g.UVU_QUEUE = [[null]];

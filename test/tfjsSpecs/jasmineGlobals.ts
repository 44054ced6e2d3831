// jasmine for tfjs-core's specs: describe, it, expect, jasmine… on globalThis before any spec module runs (the
// entry imports this module first), the way jasmine's own boot files install them.
// @ts-expect-error jasmine-core ships no types
import jasmineRequire from 'jasmine-core/lib/jasmine-core/jasmine.js';

interface JasmineEnv {
  configure(options: Record<string, unknown>): void;
  addReporter(reporter: Record<string, unknown>): void;
  execute(): Promise<unknown>;
}

const jasmine = jasmineRequire.core(jasmineRequire);
/** The jasmine environment the specs register into. */
export const jasmineEnv: JasmineEnv = jasmine.getEnv();
Object.assign(globalThis, jasmineRequire.interface(jasmine, jasmineEnv));
// tfjs-core's jasmine_util sets this on its own copy of jasmine; the specs run under this one.
jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;

// The bundle dist/test/tfjsSpecs.mjs: tfjs-core's own spec files for the kernels the drop-in replaces, run by
// runSpecs.ts. Import order matters: jasmine's globals, then the test environment, then the specs (each
// registers its suites on import), then the run.
import './jasmineGlobals.js';
import './testEnv.js';
import './specFiles.js';
import { runSpecs } from './runSpecs.js';

await runSpecs();

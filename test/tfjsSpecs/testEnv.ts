// The test environment tfjs-backend-webgpu registers for its own run of tfjs-core's specs
// (backend_webgpu_test_registry: backend 'webgpu', WEBGPU_CPU_FORWARD off, data sync), and the side-effect
// modules its setup_test imports (chained ops and gradients), before any spec file registers its suites.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setTestEnvs } from '@tensorflow/tfjs-core/dist/jasmine_util.js';

setTestEnvs([{ name: 'webgpu', backendName: 'webgpu', flags: { WEBGPU_CPU_FORWARD: false }, isDataSync: true }]);

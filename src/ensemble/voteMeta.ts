// The `vote` meta-learner, the baseline: equal-weight soft voting, i.e. the combine kernel with α = 0.
import type { Engine } from '../gpu/engine.js';
import type { GpuArray } from '../gpu/gpuArray.js';
import { withScope } from '../gpu/gpuScope.js';
import { run } from '../gpu/recorder.js';
import { prepareCombine } from '../kernels/combine.js';
import type { MetaLearner, MetaWeights } from './metaLearner.js';

export function voteMeta(): MetaLearner {
  let models = 0;
  return {
    kind: 'vote',
    params: {},
    acceptsFeatures: false,
    async fit(_engine: Engine, p: GpuArray) {
      models = p.shape[0];
    },
    async predictProba(engine: Engine, p: GpuArray): Promise<GpuArray> {
      if (!models) throw new Error('vote meta-learner: predict before fit');
      return withScope(engine, 'vote meta-learner', async (scope) => {
        const alpha = scope.array('vote α (zeros: equal weights)', [p.shape[0]]);
        const out = scope.array('vote combined probabilities', [p.shape[1], p.shape[2]]);
        await run(engine, await prepareCombine(scope, p, alpha, out));
        return scope.release(out);
      });
    },
    async weights(): Promise<MetaWeights> {
      return { perModel: Array.from({ length: models }, () => 1 / models), meaning: 'equal weights (soft voting)' };
    },
    dispose() {
      models = 0;
    },
  };
}

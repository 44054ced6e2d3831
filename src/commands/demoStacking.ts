// The demo's stacking section: a small stack on digits (fast learners, 3 folds) with the convex meta-learner,
// kept to about a minute on SwiftShader. `stacklab stack --data digits` runs the full-size version. The HTML is
// stackReport.ts in results/.
import { type Engine, runStackExperiment, type StackResult, loadCsvDataset } from '../node.js';

const stackDemoSettings = { base: ['logreg', 'knn', 'extra-trees', 'nb'], meta: 'convex', folds: 3, seed: 0, testSize: 0.2 };

export async function stackingDemo(engine: Engine, log: (line: string) => void = () => {}): Promise<StackResult> {
  const result = await runStackExperiment(engine, loadCsvDataset('digits'), { ...stackDemoSettings, log });
  for (const b of result.baseModels) log(`${b.name.padEnd(12)} out-of-fold ${b.oofAccuracy.toFixed(4)}, test ${b.testAccuracy.toFixed(4)}`);
  log(`stack → ${result.meta.kind}: test ${result.meta.testAccuracy.toFixed(4)}, weights ${result.meta.weights.map((w) => w.toFixed(3)).join(', ')}`);
  return result;
}

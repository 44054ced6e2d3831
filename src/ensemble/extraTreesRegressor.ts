// Extremely randomized trees for regression: the classifier's tree growing (randomTrees.ts) with the squared-error
// criterion, each leaf predicting its rows' mean, the forest the mean of its trees. CPU, like the classifier.
import { seededRandom } from '../data/random.js';
import { ShapeError } from '../errors.js';
import type { Engine } from '../gpu/engine.js';
import { NotFittedError } from './errors.js';
import type { ExtraTreesOptions } from './extraTrees.js';
import type { Matrix } from './learner.js';
import { addTreeValues, featureColumns, growTree, type SplitCriterion, type Tree } from './randomTrees.js';
import type { Regressor } from './regressor.js';

/**
 * Extra-trees regression. Defaults: 100 trees, a third of the features tried per split (Breiman's choice for
 * regression forests; scikit-learn tries all, which costs three times as much here), and nodes under 5 rows left
 * whole, so a forest on a million distinct targets is not a million leaves per tree.
 */
export function extraTreesRegressor(options: ExtraTreesOptions = {}): Regressor {
  const trees = options.trees ?? 100;
  const minSamplesSplit = options.minSamplesSplit ?? 5;
  const seed = options.seed ?? 0;
  let forest: { trees: Tree[]; cols: number } | null = null;
  return {
    name: 'extra-trees',
    params: { trees, maxFeatures: options.maxFeatures ?? 'third', minSamplesSplit, seed },
    async fit(_engine: Engine, x: Matrix, y: Float32Array) {
      const maxFeatures = Math.min(x.cols, options.maxFeatures ?? Math.max(1, Math.round(x.cols / 3)));
      const random = seededRandom(seed);
      const criterion = squaredErrorCriterion(y);
      const columns = featureColumns(x);
      forest = { trees: Array.from({ length: trees }, () => growTree(columns, criterion, { maxFeatures, minSamplesSplit }, random)), cols: x.cols };
    },
    async predict(_engine: Engine, x: Matrix) {
      if (!forest) throw new NotFittedError('extra-trees', 'predict');
      const { cols } = forest;
      if (x.cols !== cols) throw new ShapeError('extra-trees', 'x', ['rows', cols], [x.rows, x.cols], `fitted on ${cols} features`);
      const sums = new Float64Array(x.rows);
      addTreeValues(forest.trees, x, 1, sums);
      return Float32Array.from(sums, (sum) => sum / forest!.trees.length);
    },
    dispose() {
      forest = null;
    },
  };
}

/** Sum of squared errors about each side's mean, from running sums: Σy² − (Σy)²/n per side (Σy² is the same for every split). */
function squaredErrorCriterion(y: Float32Array): SplitCriterion {
  let sum = 0;
  let leftSum = 0;
  return {
    width: 1,
    node(rows, start, end) {
      sum = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = start; i < end; i++) {
        const v = y[rows[i]];
        sum += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      return !(hi > lo);
    },
    clearLeft: () => (leftSum = 0),
    addLeft: (row) => (leftSum += y[row]),
    score: (nLeft, n) => -((leftSum * leftSum) / nLeft + ((sum - leftSum) * (sum - leftSum)) / (n - nLeft)),
    leafValues(values, at, n) {
      values[at] = sum / n;
    },
  };
}

// Extremely randomized trees (Geurts et al. 2006): the learner in the stack that "thinks differently" — axis-
// aligned splits at random thresholds instead of smooth decision surfaces. Fitted and evaluated on the CPU
// (branchy, data-dependent work that suits neither WGSL nor tfjs); probabilities are uploaded once per call.
import { seededRandom } from '../data/random.js';
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { ShapeError } from '../errors.js';
import { balancedClassWeights } from './classWeights.js';
import type { Learner, Matrix } from './learner.js';
import { NotFittedError } from './errors.js';
import { addTreeValues, featureColumns, growTree, type SplitCriterion, type Tree } from './randomTrees.js';

export interface ExtraTreesOptions {
  trees?: number;
  /** Features tried per split; default √features, as scikit-learn does for classification. */
  maxFeatures?: number;
  minSamplesSplit?: number;
  seed?: number;
  /** `balanced`: each row counts rows / (classes · rows of its class) in the Gini impurity and the leaves, as scikit-learn's class_weight. */
  classWeight?: 'none' | 'balanced';
}

export function extraTrees(options: ExtraTreesOptions = {}): Learner {
  const trees = options.trees ?? 100;
  const minSamplesSplit = options.minSamplesSplit ?? 2;
  const seed = options.seed ?? 0;
  const classWeight = options.classWeight ?? 'none';
  let forest: { trees: Tree[]; classes: number; cols: number } | null = null;
  return {
    name: 'extra-trees',
    params: { trees, maxFeatures: options.maxFeatures ?? 'sqrt', minSamplesSplit, seed, classWeight },
    async fit(_engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      const maxFeatures = Math.min(x.cols, options.maxFeatures ?? Math.max(1, Math.round(Math.sqrt(x.cols))));
      const random = seededRandom(seed);
      const columns = featureColumns(x);
      const weights = classWeight === 'balanced' ? balancedClassWeights(y, classes) : new Float64Array(classes).fill(1);
      const criterion = giniCriterion(y, weights);
      const grown: Tree[] = [];
      for (let t = 0; t < trees; t++) grown.push(growTree(columns, criterion, { maxFeatures, minSamplesSplit }, random));
      forest = { trees: grown, classes, cols: x.cols };
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!forest) throw new NotFittedError('extra-trees', 'predictProba');
      const { classes, cols } = forest;
      if (x.cols !== cols) throw new ShapeError('extra-trees', 'x', ['rows', cols], [x.rows, x.cols], `fitted on ${cols} features`);
      const sums = new Float64Array(x.rows * classes);
      addTreeValues(forest.trees, x, classes, sums);
      const out = Float32Array.from(sums, (sum) => sum / forest!.trees.length);
      return createArray(engine, 'extra-trees probabilities', [x.rows, classes], out);
    },
    dispose() {
      forest = null;
    },
  };
}

/**
 * Gini impurity over weighted class counts: a node's, and a candidate's left side. With every weight 1 the totals
 * are row counts, as in the unweighted tree.
 */
function giniCriterion(y: Uint32Array, weights: Float64Array): SplitCriterion {
  const classes = weights.length;
  const counts = new Float64Array(classes);
  const leftCounts = new Float64Array(classes);
  let total = 0;
  let leftTotal = 0;
  return {
    width: classes,
    node(rows, start, end) {
      counts.fill(0);
      for (let i = start; i < end; i++) counts[y[rows[i]]] += weights[y[rows[i]]];
      total = 0;
      let nonEmpty = 0;
      for (let c = 0; c < classes; c++) {
        total += counts[c];
        if (counts[c] > 0) nonEmpty++;
      }
      return nonEmpty <= 1;
    },
    clearLeft() {
      leftCounts.fill(0);
      leftTotal = 0;
    },
    addLeft(row) {
      const w = weights[y[row]];
      leftCounts[y[row]] += w;
      leftTotal += w;
    },
    score: () => weightedGini(leftCounts, leftTotal, counts, total),
    leafValues(values, at) {
      for (let c = 0; c < classes; c++) values[at + c] = total > 0 ? counts[c] / total : 1 / classes;
    },
  };
}

/** n_left·Gini(left) + n_right·Gini(right) over weighted totals: lower is a better split. */
function weightedGini(leftCounts: Float64Array, leftTotal: number, counts: Float64Array, total: number): number {
  const rightTotal = total - leftTotal;
  let sumLeft = 0;
  let sumRight = 0;
  for (let c = 0; c < counts.length; c++) {
    sumLeft += leftCounts[c] * leftCounts[c];
    const r = counts[c] - leftCounts[c];
    sumRight += r * r;
  }
  return (leftTotal > 0 ? leftTotal - sumLeft / leftTotal : 0) + (rightTotal > 0 ? rightTotal - sumRight / rightTotal : 0);
}

// Extremely randomized trees (Geurts et al. 2006): the learner in the stack that "thinks differently" — axis-
// aligned splits at random thresholds instead of smooth decision surfaces. Fitted and evaluated on the CPU
// (branchy, data-dependent work that suits neither WGSL nor tfjs); probabilities are uploaded once per call.
import { seededRandom } from '../data/random.js';
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { ShapeError } from '../errors.js';
import type { Learner, Matrix } from './learner.js';
import { NotFittedError } from './errors.js';
import { growTree, leafOffset, type SplitCriterion, type Tree } from './randomTrees.js';

export interface ExtraTreesOptions {
  trees?: number;
  /** Features tried per split; default √features, as scikit-learn does for classification. */
  maxFeatures?: number;
  minSamplesSplit?: number;
  seed?: number;
}

export function extraTrees(options: ExtraTreesOptions = {}): Learner {
  const trees = options.trees ?? 100;
  const minSamplesSplit = options.minSamplesSplit ?? 2;
  const seed = options.seed ?? 0;
  let forest: { trees: Tree[]; classes: number; cols: number } | null = null;
  return {
    name: 'extra-trees',
    params: { trees, maxFeatures: options.maxFeatures ?? 'sqrt', minSamplesSplit, seed },
    async fit(_engine: Engine, x: Matrix, y: Uint32Array, classes: number) {
      const maxFeatures = Math.min(x.cols, options.maxFeatures ?? Math.max(1, Math.round(Math.sqrt(x.cols))));
      const random = seededRandom(seed);
      const grown: Tree[] = [];
      const criterion = giniCriterion(y, classes);
      for (let t = 0; t < trees; t++) grown.push(growTree(x, criterion, { maxFeatures, minSamplesSplit }, random));
      forest = { trees: grown, classes, cols: x.cols };
    },
    async predictProba(engine: Engine, x: Matrix): Promise<GpuArray> {
      if (!forest) throw new NotFittedError('extra-trees', 'predictProba');
      const { classes, cols } = forest;
      if (x.cols !== cols) throw new ShapeError('extra-trees', 'x', ['rows', cols], [x.rows, x.cols], `fitted on ${cols} features`);
      const out = new Float32Array(x.rows * classes);
      const sum = new Float64Array(classes);
      for (let r = 0; r < x.rows; r++) {
        sum.fill(0);
        for (const tree of forest.trees) {
          const at = leafOffset(tree, x, r, classes);
          for (let c = 0; c < classes; c++) sum[c] += tree.values[at + c];
        }
        for (let c = 0; c < classes; c++) out[r * classes + c] = sum[c] / forest.trees.length;
      }
      return createArray(engine, 'extra-trees probabilities', [x.rows, classes], out);
    },
    dispose() {
      forest = null;
    },
  };
}

/** Gini impurity over class counts: a node's counts, and a candidate's left side. */
function giniCriterion(y: Uint32Array, classes: number): SplitCriterion {
  const counts = new Float64Array(classes);
  const leftCounts = new Float64Array(classes);
  return {
    width: classes,
    node(rows, start, end) {
      counts.fill(0);
      for (let i = start; i < end; i++) counts[y[rows[i]]]++;
      return counts.some((c) => c === end - start);
    },
    clearLeft: () => leftCounts.fill(0),
    addLeft: (row) => leftCounts[y[row]]++,
    score: (nLeft, n) => weightedGini(leftCounts, nLeft, counts, n),
    leafValues(values, n) {
      for (let c = 0; c < classes; c++) values.push(counts[c] / n);
    },
  };
}

/** n_left·Gini(left) + n_right·Gini(right): lower is a better split. */
function weightedGini(leftCounts: Float64Array, nLeft: number, counts: Float64Array, n: number): number {
  const nRight = n - nLeft;
  let sumLeft = 0;
  let sumRight = 0;
  for (let c = 0; c < counts.length; c++) {
    sumLeft += leftCounts[c] * leftCounts[c];
    const r = counts[c] - leftCounts[c];
    sumRight += r * r;
  }
  return nLeft - sumLeft / nLeft + (nRight - sumRight / nRight);
}

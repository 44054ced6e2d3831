// Extremely randomized trees (Geurts et al. 2006): the learner in the stack that "thinks differently" — axis-
// aligned splits at random thresholds instead of smooth decision surfaces. Fitted and evaluated on the CPU
// (branchy, data-dependent work that suits neither WGSL nor tfjs); probabilities are uploaded once per call.
import { seededRandom, type Random } from '../data/random.js';
import type { Engine } from '../gpu/engine.js';
import { createArray, type GpuArray } from '../gpu/gpuArray.js';
import { ShapeError } from '../errors.js';
import type { Learner, Matrix } from './learner.js';
import { NotFittedError } from './errors.js';

export interface ExtraTreesOptions {
  trees?: number;
  /** Features tried per split; default √features, as scikit-learn does for classification. */
  maxFeatures?: number;
  minSamplesSplit?: number;
  seed?: number;
}

/** Nodes in flat arrays; a leaf has feature −1 and its class distribution at `leaf[node]·classes`. */
interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  leaf: number[];
  distributions: number[];
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
      for (let t = 0; t < trees; t++) grown.push(growTree(x, y, classes, maxFeatures, minSamplesSplit, random));
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
          let node = 0;
          while (tree.feature[node] >= 0) {
            node = x.features[r * cols + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
          }
          const at = tree.leaf[node] * classes;
          for (let c = 0; c < classes; c++) sum[c] += tree.distributions[at + c];
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

function growTree(x: Matrix, y: Uint32Array, classes: number, maxFeatures: number, minSamplesSplit: number, random: Random): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], leaf: [], distributions: [] };
  const rows = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const counts = new Float64Array(classes);
  const leftCounts = new Float64Array(classes);
  const candidates = Uint32Array.from({ length: x.cols }, (_, i) => i);
  // Explicit stack of [node, start, end] over `rows`, partitioned in place: fully grown trees are deep.
  const stack: [number, number, number][] = [[newNode(tree), 0, rows.length]];
  while (stack.length) {
    const [node, start, end] = stack.pop()!;
    counts.fill(0);
    for (let i = start; i < end; i++) counts[y[rows[i]]]++;
    const n = end - start;
    const pure = counts.some((c) => c === n);
    let best: { feature: number; threshold: number; score: number } | null = null;
    if (!pure && n >= minSamplesSplit) {
      // Features in random order; constant ones are skipped without counting against maxFeatures.
      let tried = 0;
      for (let k = 0; k < x.cols && tried < maxFeatures; k++) {
        const j = k + random.int(x.cols - k);
        const feature = candidates[j];
        candidates[j] = candidates[k];
        candidates[k] = feature;
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = start; i < end; i++) {
          const v = x.features[rows[i] * x.cols + feature];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (!(hi > lo)) continue;
        tried++;
        const threshold = lo + random.next() * (hi - lo);
        leftCounts.fill(0);
        let nLeft = 0;
        for (let i = start; i < end; i++) {
          if (x.features[rows[i] * x.cols + feature] <= threshold) {
            leftCounts[y[rows[i]]]++;
            nLeft++;
          }
        }
        if (nLeft === 0 || nLeft === n) continue;
        const score = weightedGini(leftCounts, nLeft, counts, n);
        if (!best || score < best.score) best = { feature, threshold, score };
      }
    }
    if (!best) {
      tree.leaf[node] = tree.distributions.length / classes;
      for (let c = 0; c < classes; c++) tree.distributions.push(counts[c] / n);
      continue;
    }
    let mid = start;
    for (let i = start; i < end; i++) {
      if (x.features[rows[i] * x.cols + best.feature] <= best.threshold) {
        const t = rows[i];
        rows[i] = rows[mid];
        rows[mid++] = t;
      }
    }
    tree.feature[node] = best.feature;
    tree.threshold[node] = best.threshold;
    tree.left[node] = newNode(tree);
    tree.right[node] = newNode(tree);
    stack.push([tree.left[node], start, mid], [tree.right[node], mid, end]);
  }
  return tree;
}

function newNode(tree: Tree): number {
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.leaf.push(-1);
  return tree.feature.length - 1;
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

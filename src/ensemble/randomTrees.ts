// The tree growing both extra-trees learners share (Geurts et al. 2006): at each node, up to maxFeatures features
// in random order, one uniformly random threshold each, the best by the criterion kept; fully grown unless the
// node is pure or smaller than minSamplesSplit. What "best" and a leaf's values are is the criterion's: class
// counts and Gini for the classifier, sums and squared error for the regressor.
import type { Random } from '../data/random.js';
import type { Matrix } from './learner.js';

/**
 * Nodes in flat typed arrays; a leaf has feature −1 and its `width` values at `leaf[node]·width` of `values`.
 * Typed, because a forest fully grown on a million rows holds about a hundred million nodes.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  leaf: Int32Array;
  values: Float64Array;
}

/** A tree while it grows, in arrays that can be pushed onto. */
type GrowingTree = { [K in keyof Tree]: number[] };

/** How a tree judges splits: it sees a node's rows, then each candidate's left side one row at a time. */
export interface SplitCriterion {
  /** Values per leaf (classes for the classifier, 1 for the regressor). */
  readonly width: number;
  /** Takes in the node's rows; true when it is pure (nothing to gain by splitting). */
  node(rows: Uint32Array, start: number, end: number): boolean;
  /** Starts a candidate split with nothing on its left. */
  clearLeft(): void;
  addLeft(row: number): void;
  /** The candidate's impurity with `nLeft` of the node's `n` rows on its left: lower is better. */
  score(nLeft: number, n: number): number;
  /** The leaf values of the node taken in last, pushed onto `values`. */
  leafValues(values: number[], n: number): void;
}

export interface GrowOptions {
  maxFeatures: number;
  minSamplesSplit: number;
}

export function growTree(x: Matrix, criterion: SplitCriterion, options: GrowOptions, random: Random): Tree {
  const tree: GrowingTree = { feature: [], threshold: [], left: [], right: [], leaf: [], values: [] };
  const rows = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const candidates = Uint32Array.from({ length: x.cols }, (_, i) => i);
  // Explicit stack of [node, start, end] over `rows`, partitioned in place: fully grown trees are deep.
  const stack: [number, number, number][] = [[newNode(tree), 0, rows.length]];
  while (stack.length) {
    const [node, start, end] = stack.pop()!;
    const n = end - start;
    const pure = criterion.node(rows, start, end);
    let best: { feature: number; threshold: number; score: number } | null = null;
    if (!pure && n >= options.minSamplesSplit) {
      // Features in random order; constant ones are skipped without counting against maxFeatures.
      let tried = 0;
      for (let k = 0; k < x.cols && tried < options.maxFeatures; k++) {
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
        criterion.clearLeft();
        let nLeft = 0;
        for (let i = start; i < end; i++) {
          if (x.features[rows[i] * x.cols + feature] <= threshold) {
            criterion.addLeft(rows[i]);
            nLeft++;
          }
        }
        if (nLeft === 0 || nLeft === n) continue;
        const score = criterion.score(nLeft, n);
        if (!best || score < best.score) best = { feature, threshold, score };
      }
    }
    if (!best) {
      // The criterion still holds this node: no candidate changed its node totals.
      tree.leaf[node] = tree.values.length / criterion.width;
      criterion.leafValues(tree.values, n);
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
  return {
    feature: Int32Array.from(tree.feature),
    threshold: Float64Array.from(tree.threshold),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    leaf: Int32Array.from(tree.leaf),
    values: Float64Array.from(tree.values),
  };
}

function newNode(tree: GrowingTree): number {
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.leaf.push(-1);
  return tree.feature.length - 1;
}

/** Where row `row` of `x` lands in `tree`: the offset of its leaf's values. */
export function leafOffset(tree: Tree, x: Matrix, row: number, width: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x.features[row * x.cols + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.leaf[node] * width;
}

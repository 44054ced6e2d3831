// The tree growing both extra-trees learners share (Geurts et al. 2006): at each node, up to maxFeatures features
// in random order, one uniformly random threshold each, the best by the criterion kept; fully grown unless the
// node is pure or smaller than minSamplesSplit. What "best" and a leaf's values are is the criterion's: class
// counts and Gini for the classifier, sums and squared error for the regressor.
import type { Random } from '../data/random.js';
import type { Matrix } from './learner.js';

/**
 * Nodes in flat typed arrays; a leaf has feature −1 and its `width` values at `leaf[node]·width` of `values`.
 * Typed and float32 (the features are float32, so a float32 threshold splits them the same), because a forest fully
 * grown on a million rows holds about a hundred million nodes.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  leaf: Int32Array;
  values: Float32Array;
}

/**
 * The features both ways, made once per forest: column by column (`values[feature·rows + row]`) and the row-major
 * matrix itself (`byRow`). Large nodes read a column, small nodes a row; with the stable partition, growing was
 * 2.8 times faster at 667k rows than reading row-major alone.
 */
export interface FeatureColumns {
  readonly values: Float32Array;
  readonly byRow: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

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
  /** The leaf values of the node taken in last, written to `values` from `at`. */
  leafValues(values: Float32Array, at: number, n: number): void;
}

export interface GrowOptions {
  maxFeatures: number;
  minSamplesSplit: number;
}

export function featureColumns(x: Matrix): FeatureColumns {
  const values = new Float32Array(x.rows * x.cols);
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) values[c * x.rows + r] = x.features[r * x.cols + c];
  return { values, byRow: x.features, rows: x.rows, cols: x.cols };
}

export function growTree(x: FeatureColumns, criterion: SplitCriterion, options: GrowOptions, random: Random): Tree {
  const { values, rows: rowCount, cols } = x;
  const byRow = x.byRow;
  const tree = new GrowingTree(criterion.width);
  const rows = Uint32Array.from({ length: rowCount }, (_, i) => i);
  const candidates = Uint32Array.from({ length: cols }, (_, i) => i);
  const rightRows = new Uint32Array(rowCount);
  // A candidate's values in node order, gathered once for its range and threshold; the best one's are kept for the
  // partition.
  let current = new Float32Array(rowCount);
  let best = new Float32Array(rowCount);
  // Explicit stack of (node, start, end) over `rows`, partitioned in place: fully grown trees are deep.
  let stack = new Int32Array(3 * 64);
  let depth = 0;
  const push = (node: number, start: number, end: number) => {
    if (3 * depth + 3 > stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[3 * depth] = node;
    stack[3 * depth + 1] = start;
    stack[3 * depth + 2] = end;
    depth++;
  };
  push(tree.add(), 0, rowCount);
  while (depth > 0) {
    depth--;
    const node = stack[3 * depth];
    const start = stack[3 * depth + 1];
    const end = stack[3 * depth + 2];
    const n = end - start;
    const pure = criterion.node(rows, start, end);
    let bestFeature = -1;
    let bestThreshold = 0;
    let bestScore = Infinity;
    if (!pure && n >= options.minSamplesSplit) {
      // Features in random order; constant ones are skipped without counting against maxFeatures.
      let tried = 0;
      for (let k = 0; k < cols && tried < options.maxFeatures; k++) {
        const j = k + random.int(cols - k);
        const feature = candidates[j];
        candidates[j] = candidates[k];
        candidates[k] = feature;
        let lo = Infinity;
        let hi = -Infinity;
        // A large node reads its column nearly in order; a small one reads rows far apart, and then the row-major
        // copy is faster: the features a node tries for one row share that row's cache lines.
        if (n * 16 > rowCount) {
          const column = feature * rowCount;
          for (let i = start; i < end; i++) {
            const v = values[column + rows[i]];
            current[i] = v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        } else {
          for (let i = start; i < end; i++) {
            const v = byRow[rows[i] * cols + feature];
            current[i] = v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        if (!(hi > lo)) continue;
        tried++;
        const threshold = Math.fround(lo + random.next() * (hi - lo));
        criterion.clearLeft();
        let nLeft = 0;
        for (let i = start; i < end; i++) {
          if (current[i] <= threshold) {
            criterion.addLeft(rows[i]);
            nLeft++;
          }
        }
        if (nLeft === 0 || nLeft === n) continue;
        const score = criterion.score(nLeft, n);
        if (score < bestScore) {
          bestFeature = feature;
          bestThreshold = threshold;
          bestScore = score;
          const kept = best;
          best = current;
          current = kept;
        }
      }
    }
    if (bestFeature < 0) {
      // The criterion still holds this node: no candidate changed its node totals.
      criterion.leafValues(tree.values, tree.addLeaf(node), n);
      continue;
    }
    // A stable partition: each node's rows stay in increasing order, so its reads of a column run forwards.
    let mid = start;
    let rightCount = 0;
    for (let i = start; i < end; i++) {
      if (best[i] <= bestThreshold) rows[mid++] = rows[i];
      else rightRows[rightCount++] = rows[i];
    }
    rows.set(rightRows.subarray(0, rightCount), mid);
    const left = tree.add();
    const right = tree.add();
    tree.split(node, bestFeature, bestThreshold, left, right);
    push(left, start, mid);
    push(right, mid, end);
  }
  return tree.finish();
}

/**
 * Adds each tree's leaf values for every row of `x` into `sums` [x.rows, width], tree by tree: one tree's nodes
 * stay in cache across the rows, where row by row every tree's did not.
 */
export function addTreeValues(trees: readonly Tree[], x: Matrix, width: number, sums: Float64Array): void {
  const { features, rows, cols } = x;
  for (const tree of trees) {
    const { feature, threshold, left, right, leaf, values } = tree;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let node = 0;
      while (feature[node] >= 0) node = features[base + feature[node]] <= threshold[node] ? left[node] : right[node];
      const at = leaf[node] * width;
      for (let c = 0; c < width; c++) sums[r * width + c] += values[at + c];
    }
  }
}

/** A tree while it grows: typed arrays that double when full. */
class GrowingTree {
  feature = new Int32Array(1024);
  threshold = new Float32Array(1024);
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  leaf = new Int32Array(1024);
  values: Float32Array;
  private nodes = 0;
  private leaves = 0;

  constructor(private readonly width: number) {
    this.values = new Float32Array(1024 * width);
  }

  /** A new node, a leaf until split; its index. */
  add(): number {
    if (this.nodes === this.feature.length) {
      this.feature = doubled(this.feature);
      this.threshold = doubled(this.threshold);
      this.left = doubled(this.left);
      this.right = doubled(this.right);
      this.leaf = doubled(this.leaf);
    }
    this.feature[this.nodes] = -1;
    this.leaf[this.nodes] = -1;
    return this.nodes++;
  }

  split(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  /** Makes `node` a leaf; the offset in `values` where its `width` values go. */
  addLeaf(node: number): number {
    if ((this.leaves + 1) * this.width > this.values.length) this.values = doubled(this.values);
    this.leaf[node] = this.leaves;
    return this.leaves++ * this.width;
  }

  finish(): Tree {
    return {
      feature: this.feature.slice(0, this.nodes),
      threshold: this.threshold.slice(0, this.nodes),
      left: this.left.slice(0, this.nodes),
      right: this.right.slice(0, this.nodes),
      leaf: this.leaf.slice(0, this.nodes),
      values: this.values.slice(0, this.leaves * this.width),
    };
  }
}

function doubled<T extends Int32Array | Float32Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

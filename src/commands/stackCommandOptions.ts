// What `stacklab stack` takes, shared by its single-split path (stack.ts) and its repeated one (stackRepeats.ts).
import { type StackExperimentOptions, type HostRunOptions } from '../node.js';
import type { DatasetFlags } from './options.js';

export interface StackCommandOptions extends Omit<StackExperimentOptions, 'log' | 'base'>, HostRunOptions, DatasetFlags {
  /** Base learners (or regressors); default: mlp, logreg, knn for classes, ridge, knn, extra-trees, mlp for a regression target. */
  base?: string[];
  json?: string;
  html?: string;
  /** No progress lines or table; for tests. */
  quiet?: boolean;
  /** Seeded stratified splits, each a whole stack (stackRepeats.ts). */
  repeats?: number;
}

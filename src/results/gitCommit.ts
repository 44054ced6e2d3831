import { execFileSync } from 'node:child_process';

/** The commit the working tree is at (with "-dirty" when it has changes), or undefined outside a git checkout. */
export function gitCommit(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return undefined;
  }
}

// Node only: files shipped with the package (bundled datasets, chart.js for reports), found from the running
// bundle: dist/cli.mjs and dist/test/node.mjs sit one or two levels below the package root.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../errors.js';

/** The first `relative` path that exists in the bundle's folder or one of its ancestors. */
export function packageFile(relative: string): string {
  const here = fileURLToPath(import.meta.url);
  let dir = path.dirname(here);
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new EngineError(`${relative} not found in or above ${path.dirname(here)}: run stacklab from its package (npm run build first)`);
}

// The `// @stacklab kernel=matmul workgroup=16x16 tile=64x64` line of a user kernel (docs/kernels.md): which
// suite's contract the file follows and how many outputs one workgroup covers, from which the grid follows.
import { KernelSourceError } from './errors.js';

/** A user kernel as it crosses into the browser page: plain data. */
export interface UserKernelSource {
  /** The path as the user gave it, for messages (file:line:col). */
  file: string;
  code: string;
}

/** A user kernel's header line (`// @stacklab kernel=SUITE tile=RxC` or `workgroup=XxY`), parsed. */
export interface KernelHeader {
  /** The row name: the file's base name without .wgsl (tiled.wgsl → tiled). */
  name: string;
  /** The bench suite whose contract the file follows. */
  suite: string;
  /** Output rows × columns one workgroup writes: grid = (ceil(cols / tile.cols), ceil(rows / tile.rows)). */
  tile: { rows: number; cols: number };
  /** Entry-point names by role (entry=NAME for main, entry.ROLE=NAME); absent roles use the contract's names. */
  entries: Record<string, string>;
  /** workgroup=X[xY[xZ]] as given (missing sizes are 1), to compare with the shader's @workgroup_size; absent when not given. */
  workgroup?: [number, number, number];
  /** The header's line number (1-based), for messages. */
  line: number;
}

const marker = '@stacklab';

/** `tile=` is exactly ROWSxCOLS; `workgroup=` is X, XxY or XxYxZ like @workgroup_size. Anything else is refused, not reinterpreted. */
function positiveSizes(file: string, line: number, key: string, value: string, counts: readonly number[], form: string): number[] {
  const parts = value.split('x').map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (!counts.includes(parts.length) || parts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new KernelSourceError(`${file}:${line}:1: ${key}=${value} is not ${form} (positive integers joined by x, e.g. ${key}=16x16)`);
  }
  return parts;
}

/** A user kernel's row name: the file's base name without .wgsl (tiled.wgsl → tiled). */
export function kernelName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.wgsl$/i, '');
}

/**
 * Parses the header line; `suites` are those with a user-kernel contract. KernelSourceError (at file:line:col) when
 * it is missing, names another suite, or has neither tile= nor workgroup=.
 */
export function parseHeader(source: UserKernelSource, suites: readonly string[]): KernelHeader {
  const lines = source.code.split('\n');
  const index = lines.findIndex((l) => /^\s*\/\/\s*@stacklab\b/.test(l));
  if (index < 0) {
    throw new KernelSourceError(`${source.file}:1:1: no "// ${marker} kernel=… tile=…" header line (docs/kernels.md); e.g. // ${marker} kernel=matmul workgroup=16x16`);
  }
  const at = index + 1;
  const fields = new Map<string, string>();
  for (const pair of lines[index].replace(/^\s*\/\/\s*@stacklab\b/, '').trim().split(/\s+/).filter(Boolean)) {
    const [key, value, extra] = pair.split('=');
    if (!value || extra !== undefined) throw new KernelSourceError(`${source.file}:${at}:1: "${pair}" in the ${marker} header is not key=value`);
    if (fields.has(key)) throw new KernelSourceError(`${source.file}:${at}:1: ${key}= is given twice in the ${marker} header`);
    fields.set(key, value);
  }
  const suite = fields.get('kernel');
  if (!suite || !suites.includes(suite)) {
    throw new KernelSourceError(`${source.file}:${at}:1: the ${marker} header needs kernel=SUITE, one of ${suites.join(', ')}${suite ? ` (got "${suite}")` : ''}`);
  }
  const workgroupSizes = fields.has('workgroup') ? positiveSizes(source.file, at, 'workgroup', fields.get('workgroup')!, [1, 2, 3], 'X, XxY or XxYxZ') : undefined;
  const workgroup = workgroupSizes && ([workgroupSizes[0], workgroupSizes[1] ?? 1, workgroupSizes[2] ?? 1] as [number, number, number]);
  const tile = fields.has('tile') ? positiveSizes(source.file, at, 'tile', fields.get('tile')!, [2], 'ROWSxCOLS') : undefined;
  if (!tile && workgroup && workgroup[2] !== 1) {
    throw new KernelSourceError(`${source.file}:${at}:1: workgroup=${fields.get('workgroup')} without tile=: one output per thread needs a 2-D workgroup; give tile=ROWSxCOLS`);
  }
  if (!tile && !workgroup) throw new KernelSourceError(`${source.file}:${at}:1: the ${marker} header needs tile=ROWSxCOLS (outputs per workgroup) or workgroup=XxY (one output per thread)`);
  const entries: Record<string, string> = {};
  for (const [key, value] of fields) if (key.startsWith('entry.')) entries[key.slice('entry.'.length)] = value;
  if (fields.has('entry')) entries.main = fields.get('entry')!;
  const known = new Set(['kernel', 'workgroup', 'tile', 'entry']);
  const unknown = [...fields.keys()].filter((k) => !known.has(k) && !k.startsWith('entry.'));
  if (unknown.length) throw new KernelSourceError(`${source.file}:${at}:1: unknown ${marker} header key(s) ${unknown.join(', ')} (known: kernel, workgroup, tile, entry, entry.ROLE)`);
  // One output per thread when no tile is given: workgroup x runs along columns, y along rows.
  const [rows, cols] = tile ?? [workgroup![1], workgroup![0]];
  return { name: kernelName(source.file), suite, tile: { rows, cols }, entries, ...(workgroup ? { workgroup } : {}), line: at };
}

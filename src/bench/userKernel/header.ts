// The `// @stacklab kernel=matmul workgroup=16x16 tile=64x64` line of a user kernel (docs/kernels.md): which
// suite's contract the file follows and how many outputs one workgroup covers, from which the grid follows; the
// kernel's own tolerance (rtol=, atol=) where it rounds on purpose; and the values `tune --kernel` tries for its
// parameters (TILE=16,32,64: an upper-case key names a module-scope const of the shader). tile= and workgroup= may
// name such consts (tile=TILExTILE, tile=WG*4xWG*4), read from the shader as specialized (-D, or a tune candidate).
import { KernelSourceError } from './errors.js';
import { constValue } from './shaderSource.js';
import { toleranceOf, type Tolerance } from './tolerance.js';

/** A user kernel as it crosses into the browser page: plain data. */
export interface UserKernelSource {
  /** The path as the user gave it, for messages (file:line:col). */
  file: string;
  code: string;
  /** -D NAME=VALUE: module-scope consts given new values before anything reads the shader (wgsl.ts specialize). */
  defines?: Record<string, number>;
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
  /** rtol=/atol= of the header: the kernel's own bound instead of float32's; absent when not given. */
  tolerance?: Tolerance;
  /** Upper-case keys (TILE=16,32,64): the values `tune --kernel` tries for each of the shader's consts. */
  params: Record<string, number[]>;
  /** The header's line number (1-based), for messages. */
  line: number;
}

const marker = '@stacklab';

/** A parameter's name: upper case, so it cannot be read as part of a size (x joins sizes). */
const paramName = /^[A-Z_][A-Z0-9_]*$/;

/** One size of tile= or workgroup=: an integer, a const of the shader, or a product of these (WG*4); NaN when it is none. */
function sizeOf(code: string, text: string): number {
  return text.split('*').reduce((product, factor) => {
    if (/^\d+$/.test(factor)) return product * Number(factor);
    const value = paramName.test(factor) ? constValue(code, factor) : null;
    return value === null ? NaN : product * value;
  }, 1);
}

/** `tile=` is exactly ROWSxCOLS; `workgroup=` is X, XxY or XxYxZ like @workgroup_size. Anything else is refused, not reinterpreted. */
function positiveSizes(source: UserKernelSource, line: number, key: string, value: string, counts: readonly number[], form: string): number[] {
  const parts = value.split('x').map((p) => sizeOf(source.code, p));
  if (!counts.includes(parts.length) || parts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new KernelSourceError(
      `${source.file}:${line}:1: ${key}=${value} is not ${form} (positive integers or the shader's upper-case consts, joined by x, e.g. ${key}=16x16 or ${key}=TILExTILE)`,
    );
  }
  return parts;
}

/** TILE=16,32,64: each value a positive integer, and the shader has `const TILE`. */
function paramValues(source: UserKernelSource, line: number, key: string, value: string): number[] {
  const values = value.split(',').map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new KernelSourceError(`${source.file}:${line}:1: ${key}=${value} is not a list of positive integers (e.g. ${key}=16,32,64)`);
  if (constValue(source.code, key) === null) throw new KernelSourceError(`${source.file}:${line}:1: ${key}= names no module-scope "const ${key} = …;" of the shader (a parameter is one)`);
  return values;
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
  const workgroupSizes = fields.has('workgroup') ? positiveSizes(source, at, 'workgroup', fields.get('workgroup')!, [1, 2, 3], 'X, XxY or XxYxZ') : undefined;
  const workgroup = workgroupSizes && ([workgroupSizes[0], workgroupSizes[1] ?? 1, workgroupSizes[2] ?? 1] as [number, number, number]);
  const tile = fields.has('tile') ? positiveSizes(source, at, 'tile', fields.get('tile')!, [2], 'ROWSxCOLS') : undefined;
  if (!tile && workgroup && workgroup[2] !== 1) {
    throw new KernelSourceError(`${source.file}:${at}:1: workgroup=${fields.get('workgroup')} without tile=: one output per thread needs a 2-D workgroup; give tile=ROWSxCOLS`);
  }
  if (!tile && !workgroup) throw new KernelSourceError(`${source.file}:${at}:1: the ${marker} header needs tile=ROWSxCOLS (outputs per workgroup) or workgroup=XxY (one output per thread)`);
  const entries: Record<string, string> = {};
  for (const [key, value] of fields) if (key.startsWith('entry.')) entries[key.slice('entry.'.length)] = value;
  if (fields.has('entry')) entries.main = fields.get('entry')!;
  const params: Record<string, number[]> = {};
  for (const [key, value] of fields) if (paramName.test(key)) params[key] = paramValues(source, at, key, value);
  let tolerance: Tolerance | undefined;
  if (fields.has('rtol') || fields.has('atol')) {
    const parsed = toleranceOf(fields.get('rtol'), fields.get('atol'), 'header');
    if (typeof parsed === 'string') throw new KernelSourceError(`${source.file}:${at}:1: ${parsed}`);
    tolerance = parsed;
  }
  const known = new Set(['kernel', 'workgroup', 'tile', 'entry', 'rtol', 'atol']);
  const unknown = [...fields.keys()].filter((k) => !known.has(k) && !k.startsWith('entry.') && !paramName.test(k));
  if (unknown.length) {
    throw new KernelSourceError(`${source.file}:${at}:1: unknown ${marker} header key(s) ${unknown.join(', ')} (known: kernel, workgroup, tile, entry, entry.ROLE, rtol, atol, and UPPER_CASE=v1,v2 parameters)`);
  }
  // One output per thread when no tile is given: workgroup x runs along columns, y along rows.
  const [rows, cols] = tile ?? [workgroup![1], workgroup![0]];
  return { name: kernelName(source.file), suite, tile: { rows, cols }, entries, ...(workgroup ? { workgroup } : {}), ...(tolerance ? { tolerance } : {}), params, line: at };
}

// The options `bench --kernel` and `tune --kernel` share: -D NAME=VALUE for the shader's consts, and --tolerance.
import { BadInputError, parseToleranceOption, type Tolerance, type UserKernelSource } from '../node.js';

/** -D's help text, for both commands. */
export const defineHelp = 'give the --kernel files\' module-scope `const NAME` a value (e.g. -D TILE=32); repeatable';

/** Collects repeated -D values for commander. */
export const collectDefines = (value: string, list: string[]): string[] => [...list, value];

/** -D NAME=V1[,V2…] as typed: each value a positive integer; BadInputError naming the one that is not. */
export function parseDefines(list: readonly string[]): Record<string, number[]> {
  const defines: Record<string, number[]> = {};
  for (const text of list) {
    const match = /^([A-Za-z_]\w*)=(\d+(?:,\d+)*)$/.exec(text.trim());
    if (!match) throw new BadInputError(`-D ${text}: not NAME=VALUE with a positive integer value (e.g. -D TILE=32)`);
    const values = match[2].split(',').map(Number);
    if (values.some((v) => v <= 0)) throw new BadInputError(`-D ${text}: values must be positive integers`);
    if (defines[match[1]]) throw new BadInputError(`-D ${match[1]} is given twice`);
    defines[match[1]] = values;
  }
  return defines;
}

/** -D for a bench run: one value per name, given to every --kernel file. */
export function singleDefines(list: readonly string[]): Record<string, number> {
  const defines = parseDefines(list);
  for (const [name, values] of Object.entries(defines)) {
    if (values.length > 1) throw new BadInputError(`-D ${name}=${values.join(',')}: bench takes one value; tune --kernel tries lists`);
  }
  return Object.fromEntries(Object.entries(defines).map(([name, values]) => [name, values[0]]));
}

/** The kernel files with the -D values attached (compileUserKernel applies them). */
export function withDefines(sources: readonly UserKernelSource[], defines: Record<string, number>): UserKernelSource[] {
  return Object.keys(defines).length ? sources.map((s) => ({ ...s, defines })) : [...sources];
}

/** --tolerance as typed; BadInputError (exit 2) saying what is wrong with it. */
export function toleranceOption(text: string): Tolerance | 'float32' {
  const parsed = parseToleranceOption(text);
  if (typeof parsed === 'string' && parsed !== 'float32') throw new BadInputError(`--tolerance ${text}: ${parsed}`);
  return parsed;
}

/** --tolerance's help text, for both commands. */
export const toleranceHelp =
  'with --kernel: the bound each element is checked against, |got − want| ≤ atol + rtol·Σ|terms| (rtol=R[,atol=A]); wins over the header\'s rtol=/atol=; float32 restores the default bound';

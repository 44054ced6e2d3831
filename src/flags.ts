// The CLI's and the page's switches: STACKLAB_* environment variables in Node, URL parameters (without the prefix,
// lower-case: ?matmul_variant=…) in the browser. The library takes engine settings as options and never reads these;
// the CLI and the page fill the options from here. Every flag's value is echoed into every result file, so a number
// can always be traced to the settings that produced it.
import { BadInputError, type EngineSettings, type TfjsKernels } from './index.js';

interface FlagSpec<T> {
  doc: string;
  defaultValue: T;
  parse: (text: string) => T;
}

const text = (defaultValue: string, doc: string): FlagSpec<string> => ({ doc, defaultValue, parse: (s) => s });
const number = (defaultValue: number, doc: string): FlagSpec<number> => ({
  doc,
  defaultValue,
  parse: (s) => {
    const n = Number(s);
    if (!Number.isFinite(n)) throw new BadInputError(`flag value "${s}" is not a number`);
    return n;
  },
});

const choice = <T extends string>(values: readonly T[], defaultValue: T, doc: string): FlagSpec<T> => ({
  doc: `${doc} (${values.join(' or ')})`,
  defaultValue,
  parse: (s) => {
    if (!values.includes(s as T)) throw new BadInputError(`flag value "${s}" is not one of ${values.join(', ')}`);
    return s as T;
  },
});

export const tfjsKernelChoices: readonly TfjsKernels[] = ['tfjs', 'stacklab'];

export const flagSpecs = {
  POWER_PREFERENCE: text('high-performance', 'adapter to ask for: high-performance or low-power'),
  MATMUL_VARIANT: text('auto', 'force one matmul variant for every shape (a name from `stacklab tune --list`), or auto'),
  TUNE_CACHE: text('', 'file of tuned matmul variants (and tune --kernel\'s best parameter values) per adapter; empty: .stacklab/tune.json in the working directory (Node only)'),
  BROWSER_TIMEOUT_MS: number(120_000, 'headless Chromium: longest wait for a launch or page load, and longest silence (no console output) during a page call'),
  TFJS_KERNELS: choice(
    tfjsKernelChoices,
    'tfjs',
    'the matmuls and convolutions of tfjs models in train --impl tfjs, transfer and bench train-step: tfjs-backend-webgpu\'s own, or stacklab\'s registered as its BatchMatMul, _FusedMatMul, Conv2D and FusedConv2D',
  ),
  CONV_BACKEND: choice(
    ['auto', 'webgpu', 'wasm'] as const,
    'auto',
    'tfjs backend for convolutional transfer work: wasm is tfjs-backend-wasm on the CPU; auto is wasm on a fallback adapter such as SwiftShader, else webgpu',
  ),
  BENCH_MIN_MS: number(200, 'shortest steady-state time a benchmark case is measured for before it stops'),
} satisfies Record<string, FlagSpec<unknown>>;

export type FlagName = keyof typeof flagSpecs;
export type Flags = { [K in FlagName]: (typeof flagSpecs)[K]['defaultValue'] };

function rawValue(name: FlagName): string | undefined {
  if (typeof process !== 'undefined' && process.env) return process.env[`STACKLAB_${name}`];
  const location = (globalThis as { location?: { search: string } }).location;
  return location ? (new URLSearchParams(location.search).get(name.toLowerCase()) ?? undefined) : undefined;
}

let overrides: Partial<Flags> = {};

/** The browser host passes the Node side's flags to the page, so both hosts run with the same settings. */
export function setFlags(values: Partial<Flags>): void {
  overrides = { ...values };
}

/** A command-line option standing in for its flag (e.g. --tfjs-kernels for STACKLAB_TFJS_KERNELS). */
export function setFlag<K extends FlagName>(name: K, value: string): void {
  try {
    overrides = { ...overrides, [name]: flagSpecs[name].parse(value) };
  } catch (error) {
    throw new BadInputError(`STACKLAB_${name}: ${(error as Error).message}`);
  }
}

export function flag<K extends FlagName>(name: K): Flags[K] {
  if (name in overrides) return overrides[name] as Flags[K];
  const spec = flagSpecs[name] as FlagSpec<Flags[K]>;
  const raw = rawValue(name);
  if (raw === undefined || raw === '') return spec.defaultValue;
  try {
    return spec.parse(raw);
  } catch (error) {
    throw new BadInputError(`STACKLAB_${name}: ${(error as Error).message}`);
  }
}

export function allFlags(): Flags {
  const out = {} as Record<string, unknown>;
  for (const name of Object.keys(flagSpecs) as FlagName[]) out[name] = flag(name);
  return out as Flags;
}

export function flagHelp(): string {
  return (Object.entries(flagSpecs) as [string, FlagSpec<unknown>][])
    .map(([name, spec]) => `  STACKLAB_${name} (default ${JSON.stringify(spec.defaultValue)}): ${spec.doc}`)
    .join('\n');
}

/** The engine settings these flags ask for. */
export function engineSettingsFromFlags(): Partial<EngineSettings> {
  return { matmulVariant: flag('MATMUL_VARIANT'), tfjsKernels: flag('TFJS_KERNELS'), convBackend: flag('CONV_BACKEND') };
}

// Options several subcommands share, so they read the same everywhere.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseClassSelection, BadInputError, fashionMnistClasses, fashionMnistName, bundledDatasets, maxIntegerClasses, type CsvOptions, type Task } from '../node.js';
import { setFlag, tfjsKernelChoices } from '../flags.js';

export type HostChoice = 'node' | 'browser';

export function hostOption(): Option {
  return new Option('--host <host>', 'where the engine runs: node (Dawn) or browser (headless Chromium)').choices(['node', 'browser']).default('node');
}

/** --browser-endpoint: the browser host on a running Chrome instead of one we launch (implies --host browser). */
export function browserEndpointOption(): Option {
  return new Option(
    '--browser-endpoint <ws-url>',
    'run the browser host on a Chrome already running, here or on another machine (its DevTools ws://host:port/devtools/browser/… URL, from --remote-debugging-port) instead of launching one; implies --host browser; the page is served through the connection',
  ).implies({ host: 'browser' });
}

/** --tfjs-kernels: sets STACKLAB_TFJS_KERNELS for this run (so it is echoed into result files like the variable). */
export function tfjsKernelsOption(): Option {
  return new Option('--tfjs-kernels <kernels>', 'matmuls and convolutions of tfjs models: tfjs\'s own or stacklab\'s (STACKLAB_TFJS_KERNELS)')
    .choices(tfjsKernelChoices)
    .argParser((value) => {
      try {
        setFlag('TFJS_KERNELS', value);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
      return value;
    });
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new BadInputError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

export function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) throw new BadInputError(`${name} must be a positive number, got "${value}"`);
    return n;
  };
}

export function nonNegativeNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n >= 0)) throw new BadInputError(`${name} must be a non-negative number, got "${value}"`);
    return n;
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new BadInputError(`${name} must be a non-negative integer, got "${value}"`);
    return n;
  };
}

/** A fraction strictly between 0 and 1, such as --test-size. */
export function fraction(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && n < 1)) throw new BadInputError(`${name} must be a fraction between 0 and 1, got "${value}"`);
    return n;
  };
}

/** What addDatasetOptions's flags give a command (commander sets `header` false for --no-header, true otherwise). */
export interface DatasetFlags {
  data: string;
  label?: string;
  ignore: string[];
  delimiter?: string;
  header?: boolean;
  decimal?: '.' | ',';
  thousands?: string;
  naValues?: string[];
  categorical?: string[];
  numeric?: string[];
  task?: Task;
}

/**
 * --data, --label, --ignore, how the CSV is written (--delimiter, --no-header, --decimal, --thousands, --na-values)
 * and column types that inference should not decide (--categorical, --numeric).
 */
export function addDatasetOptions(command: Command): Command {
  return command
    .requiredOption('--data <name|file>', `a bundled dataset (${bundledDatasets.join(', ')}) or a CSV path`)
    .option('--label <column>', 'label column (default: "label", else the last column)')
    .option('--ignore <columns>', 'comma-separated columns that are not features', commaList, [])
    .option('--delimiter <char>', 'field delimiter: , ; | tab or any one character (default: detected among , ; tab |)', delimiter)
    .option('--no-header', 'the first row is data; columns are named column_1, column_2, … (default: detected)')
    .addOption(new Option('--decimal <mark>', 'decimal mark of numbers').choices(['.', ',']))
    .option('--thousands <char>', 'thousands separator to drop from numbers, e.g. , or a space')
    .option('--na-values <list>', 'comma-separated extra cells that mean "missing" (always: empty, NA, N/A, ?, nan, null, None)', commaList)
    .option('--categorical <columns>', 'comma-separated columns to read as categories even when their cells are numbers', commaList)
    .option('--numeric <columns>', 'comma-separated columns to keep as numbers even when they look like an ID', commaList)
    .addOption(new Option('--task <task>', `what the label is learned as (default: detected; a numeric label with non-integer values or over ${maxIntegerClasses} distinct ones is regression)`).choices(['classification', 'regression']));
}

function delimiter(value: string): string {
  const named = value === 'tab' || value === '\\t' ? '\t' : value;
  if (named.length !== 1) throw new InvalidArgumentError(`--delimiter takes one character (or "tab"), got "${value}"`);
  return named;
}

/** The CSV options the flags ask for; the header is left to sniffing unless --no-header was given. */
export function csvOptions(flags: DatasetFlags): CsvOptions {
  return {
    label: flags.label,
    ignore: flags.ignore,
    delimiter: flags.delimiter,
    header: flags.header === false ? false : undefined,
    decimal: flags.decimal,
    thousands: flags.thousands,
    naValues: flags.naValues,
    categorical: flags.categorical,
    numeric: flags.numeric,
    task: flags.task,
  };
}

/** --classes for data with a fixed class list (see loadDataSplit): indices kept and relabelled 0..k-1 in order. */
export function classesOption(): Option {
  const names = fashionMnistClasses.map((name, i) => `${i} ${name}`).join(', ');
  return new Option('--classes <list>', `classes to keep by index, e.g. 5-9 or 0,2,4 (${fashionMnistName}: ${names})`).argParser(parseClassSelection);
}

/** The --data description for commands that also take image data. */
export const imageDataDescription = `${fashionMnistName} (official train/test split), a folder with one subfolder of PNG/JPEG images per class, a bundled dataset (${bundledDatasets.join(', ')}) or a CSV path`;

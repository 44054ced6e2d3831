// Problems with a data file or a dataset package, each naming the file (or package) and what to do about it.
import { BadInputError } from '../errors.js';

/** A data file that cannot be what it claims to be: truncated, corrupt, the wrong format. */
export class DataFileError extends BadInputError {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
  }
}

/** A dataset that comes from a system package which is not installed. */
export class DatasetMissingError extends BadInputError {
  constructor(readonly dataset: string, readonly packageName: string, readonly missingFile: string) {
    const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : '';
    super(
      `${dataset}: ${missingFile} is missing; install the package ${packageName} ` +
        `(${sudo}apt-get install -y ${packageName}) or pass the directory holding its files`,
    );
  }
}

/** A command-line value that selects data (such as --classes) and cannot be read. */
export class DataOptionError extends BadInputError {
  constructor(readonly option: string, readonly value: string, problem: string) {
    super(`${option} "${value}": ${problem}`);
  }
}

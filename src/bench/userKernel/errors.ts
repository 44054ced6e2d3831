// What goes wrong with a user's kernel file is the user's to fix: bad input (the CLI exits 2), never an engine fault.
import { BadInputError } from '../../errors.js';

/** The header is missing or malformed, or WGSL did not compile or fit the contract: messages read file:line:col. */
export class KernelSourceError extends BadInputError {}

/** The kernel ran but its output is beyond the float32 bound of the float64 reference; nothing was timed. */
export class KernelRejectedError extends BadInputError {
  constructor(
    readonly file: string,
    readonly worst: { output: string; index: number; position: number[]; got: number; want: number; bound: number },
    message: string,
  ) {
    super(message);
  }
}

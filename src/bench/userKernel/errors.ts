// What goes wrong with a user's kernel file is the user's to fix: bad input (the CLI exits 2), never an engine fault.
import { BadInputError } from '../../errors.js';

/** The header is missing or malformed, or WGSL did not compile or fit the contract: messages read file:line:col. */
export class KernelSourceError extends BadInputError {}

/** One check shape's failure, as a KernelRejectedError lists it. */
export interface ShapeFailure {
  /** The shape, e.g. `61x67x131`. */
  shape: string;
  /** Why it failed, one phrase per reason (wrong values, out-of-bounds writes, two runs differing, inputs changed). */
  reasons: string[];
}

/**
 * The kernel ran but failed a check: an output beyond the float32 bound of the float64 reference, a write past an
 * output's end, two runs on the same inputs that differ, or an input it changed. Nothing was timed.
 */
export class KernelRejectedError extends BadInputError {
  constructor(
    readonly file: string,
    /** Every failing check shape with its reasons. */
    readonly failures: ShapeFailure[],
    /** The element furthest beyond its bound on the first shape with wrong values; null when no value was wrong. */
    readonly worst: { output: string; index: number; position: number[]; got: number; want: number; bound: number } | null,
    message: string,
  ) {
    super(message);
  }
}

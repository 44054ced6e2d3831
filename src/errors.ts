// Every failure the engine reports is one of these, so callers (and tests) can tell a bad shape from a GPU fault.

/**
 * The root of every error stacklab throws; `name` is the subclass's name, so logs and `instanceof` agree.
 * Catch BadInputError (the caller can fix it) or EngineError (a GPU or engine fault) rather than this.
 */
export class StacklabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller's input is wrong (a shape, a file, a flag value, a size): fixable by the user; the CLI exits 2. */
export class BadInputError extends StacklabError {}

/** The engine or the GPU failed while the input was fine: the CLI exits 1. */
export class EngineError extends StacklabError {}

/** An operand's shape does not fit the kernel; thrown on the host before anything is dispatched. */
export class ShapeError extends BadInputError {
  constructor(
    /** The kernel (or API) that checked the shape. */
    readonly kernel: string,
    /** The operand's name in the kernel's signature (`X`, `W`, …). */
    readonly operand: string,
    /** The shape wanted; a string entry is a free dimension, named in the message (`rows`, `d0`). */
    readonly expected: readonly (number | string)[],
    readonly actual: readonly number[],
    detail = '',
  ) {
    super(
      `${kernel}: operand ${operand} has shape [${actual.join(', ')}] but [${expected.join(', ')}] was expected` +
        (detail ? ` (${detail})` : ''),
    );
  }
}

/** WebGPU reported a validation or out-of-memory error while this kernel was compiled, encoded or run. */
export class GpuKernelError extends EngineError {
  constructor(readonly kernel: string, readonly kind: 'validation' | 'out-of-memory' | 'internal' | 'compilation', detail: string) {
    super(`${kernel}: GPU ${kind} error: ${detail}`);
  }
}

/**
 * The GPU device is gone (destroyed by closeEngine, a driver reset, a crash); every later call on the engine throws
 * this one. Open a new engine to go on.
 */
export class DeviceLostError extends EngineError {
  constructor(reason: string, detail: string) {
    super(`the GPU device was lost (${reason}): ${detail || 'no message'}; create a new engine to continue`);
  }
}

/**
 * WebGPU gave no adapter (no `navigator.gpu`, no driver, no SwiftShader); the message says what to install or
 * enable on this host.
 */
export class NoAdapterError extends EngineError {}

/** A buffer bigger than one storage binding may be on this device. */
export class BufferTooLargeError extends BadInputError {
  constructor(readonly kernel: string, readonly operand: string, bytes: number, limit: number) {
    super(
      `${kernel}: operand ${operand} needs ${bytes} bytes, more than this device's maxStorageBufferBindingSize ` +
        `(${limit} bytes); split the work into smaller batches`,
    );
  }
}

/** A value given to an engine API or a command (a size, a count, a name, a hyper-parameter) is not one it accepts. */
export class ArgumentError extends BadInputError {}

/** An operand holds another element type than the kernel reads. */
export class DtypeError extends BadInputError {
  constructor(readonly kernel: string, readonly operand: string, readonly actual: string, readonly expected: string) {
    super(`${kernel}: operand ${operand} is ${actual}, ${expected} expected`);
  }
}

/** A file stacklab reads is missing or not in the format it expects; the message names the file. */
export class FileFormatError extends BadInputError {}

/** A prepared call or buffer was used after its owning scope was disposed: a bug in the caller, not in the input. */
export class DisposedError extends EngineError {}

/** The device lacks an optional feature the caller asked for (timestamp queries). */
export class MissingFeatureError extends EngineError {}

/** tfjs could not run on the engine's device. */
export class TfjsBackendError extends EngineError {}

/** An invariant of stacklab itself does not hold (a shader without the constant it is specialized on, …). */
export class InternalError extends EngineError {}

/** The same error, its message prefixed with where it happened; its class (and so the CLI's exit code) stays. */
export function inContext<E extends Error>(error: E, where: string): E {
  error.message = `${where}: ${error.message}`;
  return error;
}

/**
 * A dispatch ran past its time budget (a kernel that never ends, or one far slower than its work explains). The
 * engine's device is left stuck in it and marked lost: open a new engine to go on.
 */
export class KernelTimeoutError extends EngineError {
  constructor(
    /** The kernel or implementation, as the bench names it. */
    readonly kernel: string,
    /** The shape it ran on, e.g. `61x67x131`. */
    readonly shape: string,
    readonly budgetMs: number,
    what: string,
  ) {
    super(`${kernel} on ${shape}: ${what} did not finish within its budget of ${(budgetMs / 1000).toFixed(1)} s (a loop that never ends?); stopped, and the GPU device given up`);
  }
}

// Every failure the engine reports is one of these, so callers (and tests) can tell a bad shape from a GPU fault.

export class StacklabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An operand's shape does not fit the kernel; thrown on the host before anything is dispatched. */
export class ShapeError extends StacklabError {
  constructor(
    readonly kernel: string,
    readonly operand: string,
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
export class GpuKernelError extends StacklabError {
  constructor(readonly kernel: string, readonly kind: 'validation' | 'out-of-memory' | 'internal' | 'compilation', detail: string) {
    super(`${kernel}: GPU ${kind} error: ${detail}`);
  }
}

export class DeviceLostError extends StacklabError {
  constructor(reason: string, detail: string) {
    super(`the GPU device was lost (${reason}): ${detail || 'no message'}; create a new engine to continue`);
  }
}

export class NoAdapterError extends StacklabError {}

/** A buffer bigger than one storage binding may be on this device. */
export class BufferTooLargeError extends StacklabError {
  constructor(readonly kernel: string, readonly operand: string, bytes: number, limit: number) {
    super(
      `${kernel}: operand ${operand} needs ${bytes} bytes, more than this device's maxStorageBufferBindingSize ` +
        `(${limit} bytes); split the work into smaller batches`,
    );
  }
}

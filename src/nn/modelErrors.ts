// What can be wrong with a model's files, each naming the thing to fix (the layer class, the file, the sizes).
import { FileFormatError } from '../errors.js';

/**
 * A model's files (model.json, its weights) cannot be used as the model stacklab expects; the message names the
 * source and what is wrong.
 */
export class ModelFormatError extends FileFormatError {
  constructor(readonly source: string, detail: string) {
    super(`${source}: ${detail}`);
  }
}

/** model.json names a layer class TensorFlow.js has no implementation for. */
export class UnknownLayerError extends ModelFormatError {
  constructor(source: string, readonly layerName: string, readonly className: string) {
    super(
      source,
      `layer "${layerName}" has class "${className}", which TensorFlow.js does not know ` +
        '(register it with tf.serialization.registerClass, or convert the model without it)',
    );
  }
}

/** A shard listed in the weights manifest is not there. */
export class MissingWeightFileError extends ModelFormatError {
  constructor(source: string, readonly file: string) {
    super(source, `weight file "${file}" listed in the weights manifest is missing`);
  }
}

/** The weight bytes do not add up to what the manifest describes: a truncated or wrong file. */
export class WeightSizeError extends ModelFormatError {
  constructor(source: string, readonly files: readonly string[], readonly expectedBytes: number, readonly actualBytes: number) {
    super(
      source,
      `weight file${files.length > 1 ? 's' : ''} ${files.map((f) => `"${f}"`).join(' + ')} hold${files.length > 1 ? '' : 's'} ` +
        `${actualBytes} bytes but the weights manifest describes ${expectedBytes} bytes; refusing to load`,
    );
  }
}

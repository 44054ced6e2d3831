// What stacklab records in a saved model's userDefinedMetadata, so a later transfer prepares inputs the same way:
// the pretrain path's divisor and image size here, `train --save`'s preprocessing in ModelMetadata.
import type { tf } from '../gpu/tfjsBackend.js';
import type { ModelMetadata } from '../nn/layersModel.js';

export interface StacklabModelMetadata {
  /** Inputs were divided by this before training (e.g. 16: digit pixels 0..16 → 0..1). */
  inputDivisor: number;
  /** Each input row is an image of this size (`--image` syntax, e.g. 8x8x1); absent for flat inputs. */
  inputImage?: string;
  classNames: string[];
  trainedOn: string;
  testAccuracy: number;
  madeBy: string;
}

/**
 * A model's `userDefinedMetadata.stacklab`: the pretrain path's input divisor and image size, or the preprocessing
 * `train --save` records (ModelMetadata: featureNames, encoder, standardizer); empty for a foreign model.
 */
export function stacklabMetadata(artifacts: tf.io.ModelArtifacts): Partial<StacklabModelMetadata> & ModelMetadata {
  const meta = artifacts.userDefinedMetadata as { stacklab?: Partial<StacklabModelMetadata> & ModelMetadata } | undefined;
  return meta?.stacklab ?? {};
}

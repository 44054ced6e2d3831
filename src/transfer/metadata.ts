// What stacklab records in a saved model's userDefinedMetadata, so a later transfer prepares inputs the same way.
import type { tf } from '../gpu/tfjsBackend.js';

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

export function stacklabMetadata(artifacts: tf.io.ModelArtifacts): Partial<StacklabModelMetadata> {
  const meta = artifacts.userDefinedMetadata as { stacklab?: Partial<StacklabModelMetadata> } | undefined;
  return meta?.stacklab ?? {};
}

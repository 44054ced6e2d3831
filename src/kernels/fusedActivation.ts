// The activations tfjs fuses into products and convolutions, as shaders/fusedActivation.wgsl computes them: shared by
// the conv2d and fusedMatmul kernels and by the tfjs drop-in, which answers only the ones listed here.
import { ArgumentError } from '../errors.js';
import activationSource from '../../shaders/fusedActivation.wgsl';

/** An activation tfjs fuses (its names): `leakyrelu` takes one alpha, `prelu` an alpha per output element. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'prelu' | 'sigmoid';

/** Every FusedActivation, in the order the shader numbers them. */
export const fusedActivations: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];

/** The shader text to append to a kernel that calls fusedActivate. */
export const fusedActivationSource: string = activationSource;

/** The FUSED_ACTIVATION override of this activation; ArgumentError naming the kernel for another name. */
export function fusedActivationCode(kernel: string, activation: string): number {
  const code = fusedActivations.indexOf(activation as FusedActivation);
  if (code < 0) throw new ArgumentError(`${kernel}: unknown activation "${activation}" (expected one of ${fusedActivations.join(', ')})`);
  return code;
}

// fusedActivation: the activations tfjs fuses into a product or a convolution (its `activation` attribute), applied
// as a kernel stores its output. Not a kernel by itself: shaders/conv2d.wgsl and shaders/fusedMatmul.wgsl append it
// (src/kernels/fusedActivation.ts) and call fusedActivate(z, alpha) on the biased sum z.
//   0 linear      z
//   1 relu        max(z, 0)
//   2 relu6       min(max(z, 0), 6)
//   3 elu         z if z ≥ 0, else exp(z) − 1
//   4 leakyrelu   z if z ≥ 0, else alpha·z    (alpha: one number, the attribute)
//   5 prelu       z if z ≥ 0, else alpha·z    (alpha: per element, tfjs's preluActivationWeights)
//   6 sigmoid     1 / (1 + exp(−z))
// Written with select so that NaN stays NaN, as on tfjs's kernels (WGSL's max and min may drop a NaN).
//
// Variants: FUSED_ACTIVATION override, the codes above.

override FUSED_ACTIVATION: u32 = 0u;

fn fusedActivate(z: f32, alpha: f32) -> f32 {
  switch FUSED_ACTIVATION {
    case 1u: { return select(z, 0.0, z < 0.0); }
    case 2u: { return select(select(z, 0.0, z < 0.0), 6.0, z > 6.0); }
    case 3u: { return select(exp(z) - 1.0, z, z >= 0.0); }
    case 4u, 5u: { return select(alpha * z, z, z >= 0.0); }
    // exp(-z) overflows to +inf for z < -88, and 1 / (1 + inf) is the correct limit 0.
    case 6u: { return 1.0 / (1.0 + exp(-z)); }
    default: { return z; }
  }
}

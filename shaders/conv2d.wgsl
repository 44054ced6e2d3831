// conv2d: a 2-D convolution over NHWC images as an implicit GEMM, with bias and activation fused, on the tiled
// product loop of shaders/tiledProduct.wgsl (appended by src/kernels/conv2d.ts, with shaders/fusedActivation.wgsl).
//   Y[b, oy, ox, o] = act(Σ_{fy, fx, c} X[b, iy, ix, c] · W[fy, fx, c, o] + bias[o])
//   iy = oy·strideHeight + fy·dilationHeight − padTop,  ix = ox·strideWidth + fx·dilationWidth − padLeft
// with X read as 0 outside the image (the padding). As a product C = A·B:
//   rows    r = (b, oy, ox)    M = batch·outHeight·outWidth    C's rows are Y's pixels, in Y's own order
//   columns o                  N = outChannels
//   sum     k = (fy, fx, c)    K = filterHeight·filterWidth·inChannels, W's own order, so B = W as a [K, N] matrix
// A[r, k] is X's pixel under filter tap (fy, fx) for output pixel (b, oy, ox): the im2col matrix, never stored;
// each tile of it is gathered straight from X into workgroup memory. Both A and B are contiguous along k's channel
// part, so the staging walk coalesces. A 1×1 convolution with stride 1 and no padding (POINTWISE) is the plain
// product X·W: A is X itself as [M, inChannels], read without the index arithmetic.
// bias and alpha are per output channel or one number (biasStride / alphaStride 1 or 0).
//
// Variants (src/kernels/conv2d.ts): FUSED_ACTIVATION override (shaders/fusedActivation.wgsl); POINTWISE override;
// tiledProduct's PRODUCT_* tile consts, a 32×32, 64×64 or 8×64 output tile chosen by the shape of Y.
// Benchmark: stacklab bench conv2d [--shapes BxHxWxCxFxOxS,…]

struct Conv2dParams {
  batch: u32,
  inHeight: u32,
  inWidth: u32,
  inChannels: u32,
  outHeight: u32,
  outWidth: u32,
  outChannels: u32,
  filterHeight: u32,
  filterWidth: u32,
  strideHeight: u32,
  strideWidth: u32,
  dilationHeight: u32,
  dilationWidth: u32,
  padTop: u32,
  padLeft: u32,
  biasStride: u32,
  alphaStride: u32,
  leakyreluAlpha: f32,
}

// X: [batch, inHeight, inWidth, inChannels]
@group(0) @binding(0) var<storage, read> X: array<f32>;
// W: [filterHeight, filterWidth, inChannels, outChannels]
@group(0) @binding(1) var<storage, read> W: array<f32>;
// bias: [outChannels], or [1] for one bias for all (biasStride 0); zeros without a bias
@group(0) @binding(2) var<storage, read> bias: array<f32>;
// alpha (prelu's weights): [outChannels], or [1] (alphaStride 0); unused by the other activations
@group(0) @binding(3) var<storage, read> alpha: array<f32>;
// Y: [batch, outHeight, outWidth, outChannels]
@group(0) @binding(4) var<storage, read_write> Y: array<f32>;
// params: the sizes above, the geometry, and leakyrelu's alpha
@group(0) @binding(5) var<uniform> params: Conv2dParams;

override POINTWISE: bool = false;

fn loadA(row: u32, k: u32) -> f32 {
  if (POINTWISE) { return X[row * params.inChannels + k]; }
  let ox = row % params.outWidth;
  let oy = (row / params.outWidth) % params.outHeight;
  let b = row / (params.outWidth * params.outHeight);
  let c = k % params.inChannels;
  let fx = (k / params.inChannels) % params.filterWidth;
  let fy = k / (params.inChannels * params.filterWidth);
  let iy = i32(oy * params.strideHeight + fy * params.dilationHeight) - i32(params.padTop);
  let ix = i32(ox * params.strideWidth + fx * params.dilationWidth) - i32(params.padLeft);
  if (iy < 0 || ix < 0 || iy >= i32(params.inHeight) || ix >= i32(params.inWidth)) { return 0.0; }
  return X[((b * params.inHeight + u32(iy)) * params.inWidth + u32(ix)) * params.inChannels + c];
}

fn loadB(k: u32, col: u32) -> f32 { return W[k * params.outChannels + col]; }

fn storeC(row: u32, col: u32, value: f32) {
  let slope = select(params.leakyreluAlpha, alpha[col * params.alphaStride], FUSED_ACTIVATION == 5u);
  Y[row * params.outChannels + col] = fusedActivate(value + bias[col * params.biasStride], slope);
}

@compute @workgroup_size(PRODUCT_WG_X, PRODUCT_WG_Y)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  let K = params.filterHeight * params.filterWidth * params.inChannels;
  tiledProduct(group, local, flat, params.batch * params.outHeight * params.outWidth, params.outChannels, 0u, K);
}

// Float64 reference for conv2d: what the kernel is tested against, straight from the definition.
import type { Conv2dGeometry } from './conv2d.js';
import type { FusedActivation } from './fusedActivation.js';
import { fusedActivationReference } from './fusedActivation.reference.js';

/**
 * Z = conv(X, W) + bias and Y = act(Z) in float64, NHWC: X [batch, inHeight, inWidth, inChannels], W [filterHeight,
 * filterWidth, inChannels, outChannels], bias and alpha with one value per output channel or one for all (length 1).
 */
export function conv2dReference(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  g: Conv2dGeometry,
  options: { bias?: ArrayLike<number>; activation?: FusedActivation; alpha?: ArrayLike<number>; leakyreluAlpha?: number } = {},
): { z: Float64Array; y: Float64Array } {
  const { bias, activation = 'linear', alpha, leakyreluAlpha = 0.2 } = options;
  const C = g.outChannels;
  const z = new Float64Array(g.batch * g.outHeight * g.outWidth * C);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        const out = ((b * g.outHeight + oy) * g.outWidth + ox) * C;
        for (let fy = 0; fy < g.filterHeight; fy++) {
          const iy = oy * g.strideHeight + fy * g.dilationHeight - g.padTop;
          if (iy < 0 || iy >= g.inHeight) continue;
          for (let fx = 0; fx < g.filterWidth; fx++) {
            const ix = ox * g.strideWidth + fx * g.dilationWidth - g.padLeft;
            if (ix < 0 || ix >= g.inWidth) continue;
            for (let c = 0; c < g.inChannels; c++) {
              const xv = x[((b * g.inHeight + iy) * g.inWidth + ix) * g.inChannels + c];
              const wBase = ((fy * g.filterWidth + fx) * g.inChannels + c) * C;
              for (let o = 0; o < C; o++) z[out + o] += xv * w[wBase + o];
            }
          }
        }
        if (bias) for (let o = 0; o < C; o++) z[out + o] += bias[bias.length === 1 ? 0 : o];
      }
    }
  }
  const slope = (o: number) => (activation === 'prelu' ? alpha![alpha!.length === 1 ? 0 : o] : leakyreluAlpha);
  return { z, y: z.map((v, i) => fusedActivationReference(v, activation, slope(i % C))) };
}

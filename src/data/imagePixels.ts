// Decoded RGBA pixels → one row of an ImageDataset: resized to the wanted height × width and reduced to its
// channels, as floats in [0, 1]. Host-agnostic (no decoding, no files).
import { BadInputError } from '../errors.js';
import type { ImageSize } from './imageDataset.js';

export interface Rgba {
  width: number;
  height: number;
  /** [height, width, 4] bytes, row-major. */
  data: Uint8Array;
}

/**
 * Bilinear sampling with half-pixel centres, as tf.image.resize does in TensorFlow 2 (and so Keras's
 * image_dataset_from_directory): output pixel (y, x) reads the source at ((y + 0.5) · h / H − 0.5, …).
 */
function sample(image: Rgba, y: number, x: number, channel: number): number {
  const sy = Math.min(image.height - 1, Math.max(0, y));
  const sx = Math.min(image.width - 1, Math.max(0, x));
  const y0 = Math.floor(sy);
  const x0 = Math.floor(sx);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const x1 = Math.min(image.width - 1, x0 + 1);
  const at = (yy: number, xx: number) => image.data[(yy * image.width + xx) * 4 + channel];
  const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * (sx - x0);
  const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * (sx - x0);
  return top + (bottom - top) * (sy - y0);
}

/**
 * Writes the image into `out` (length height · width · channels) at the wanted size. Three channels: RGB, alpha
 * dropped (grey images decode with R = G = B, so grey → RGB needs nothing more); one channel: ITU-R 601 luma, as
 * Keras's color_mode="grayscale" (PIL's "L").
 */
export function writePixels(image: Rgba, size: ImageSize, out: Float32Array): void {
  if (size.channels !== 1 && size.channels !== 3) throw new BadInputError(`images can become 1 or 3 channels, not ${size.channels}`);
  const scaleY = image.height / size.height;
  const scaleX = image.width / size.width;
  let o = 0;
  for (let y = 0; y < size.height; y++) {
    const sy = (y + 0.5) * scaleY - 0.5;
    for (let x = 0; x < size.width; x++) {
      const sx = (x + 0.5) * scaleX - 0.5;
      const r = sample(image, sy, sx, 0);
      const g = sample(image, sy, sx, 1);
      const b = sample(image, sy, sx, 2);
      if (size.channels === 1) {
        out[o++] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      } else {
        out[o++] = r / 255;
        out[o++] = g / 255;
        out[o++] = b / 255;
      }
    }
  }
}

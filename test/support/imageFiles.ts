// PNG and JPEG files for image-folder tests, written with the same pure-JavaScript codecs the loader reads them with.
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type Pixel = (x: number, y: number) => [number, number, number, number];

/** RGBA bytes of a width × height image whose every pixel is `pixel(x, y)`. */
function rgba(width: number, height: number, pixel: Pixel): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return data;
}

/** colorType: 6 RGBA, 2 RGB, 0 grey. */
export function writePng(file: string, width: number, height: number, pixel: Pixel, colorType: 0 | 2 | 6 = 6): void {
  const png = new PNG({ width, height });
  png.data = rgba(width, height, pixel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png, { colorType }));
}

export function writeJpeg(file: string, width: number, height: number, pixel: Pixel): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, jpeg.encode({ data: rgba(width, height, pixel), width, height }, 95).data);
}

// Node only: a folder of images in Keras's image_dataset_from_directory layout: one subfolder per class (classes in
// sorted name order), PNG and JPEG files inside, decoded by pngjs and jpeg-js (pure JavaScript). Every image is
// resized to the size the model takes and given its channel count (see imagePixels). Other files are skipped, as
// Keras does; a file with an image extension that does not decode, and a class folder without images, are errors.
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DataFileError } from './dataErrors.js';
import type { ImageDataset, ImageSize } from './imageDataset.js';
import { writePixels, type Rgba } from './imagePixels.js';

const imageExtension = /\.(png|jpe?g)$/i;

/** Decodes a PNG or JPEG file to RGBA bytes; `file` names it in errors. */
function decodeImage(file: string, bytes: Uint8Array): Rgba {
  try {
    if (/\.png$/i.test(file)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    throw new DataFileError(file, `cannot decode as ${/\.png$/i.test(file) ? 'PNG' : 'JPEG'}: ${(error as Error).message ?? error}`);
  }
}

function classFolders(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DataFileError(dir, 'not a directory (an image folder holds one subfolder per class)');
  const names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (names.length < 2) throw new DataFileError(dir, `has ${names.length} class subfolder(s); at least two are needed`);
  return names;
}

/**
 * Loads every PNG and JPEG under `dir/<class>/` (classes in sorted folder-name order), resized to `size`; pixels
 * in [0, 1]. DataFileError for a missing folder, fewer than two classes, an empty class or an image that does not
 * decode.
 */
export function loadImageFolder(dir: string, size: ImageSize): ImageDataset {
  const classNames = classFolders(dir);
  const files: { file: string; label: number }[] = [];
  classNames.forEach((name, label) => {
    const folder = path.join(dir, name);
    const images = fs.readdirSync(folder).filter((f) => imageExtension.test(f)).sort();
    if (images.length === 0) throw new DataFileError(folder, 'class folder has no PNG or JPEG images');
    for (const image of images) files.push({ file: path.join(folder, image), label });
  });
  const cols = size.height * size.width * size.channels;
  const features = new Float32Array(files.length * cols);
  files.forEach(({ file }, i) => writePixels(decodeImage(file, fs.readFileSync(file)), size, features.subarray(i * cols, (i + 1) * cols)));
  return {
    features,
    labels: Uint32Array.from(files, (f) => f.label),
    rows: files.length,
    cols,
    featureNames: Array.from({ length: cols }, (_, k) => `px_${k}`),
    classNames,
    source: `${dir} (${files.length} images, ${classNames.length} classes, resized to ${size.height}x${size.width}x${size.channels})`,
    image: size,
  };
}

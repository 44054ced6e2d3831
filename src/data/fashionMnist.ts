// Node only: Fashion-MNIST from the Debian package dataset-fashion-mnist (four gzipped IDX files). The official
// split is kept: `train` holds only the 60 000 training images, `test` only the 10 000 test images, so nothing
// evaluated on was ever trained on. Pixels become float32 in [0, 1], as images [n, 28, 28, 1].
import fs from 'node:fs';
import path from 'node:path';
import { selectClasses } from './classSelection.js';
import { DataFileError, DatasetMissingError } from './dataErrors.js';
import { readIdx } from './idx.js';
import type { ImageDataset, ImageSplit } from './imageDataset.js';

/** The `--data` name (and loadDataSplit argument) that selects Fashion-MNIST. */
export const fashionMnistName = 'fashion-mnist';
/** The Debian package holding the files. */
export const fashionMnistPackage = 'dataset-fashion-mnist';
/** Where the Debian package installs the four .gz files. */
export const fashionMnistDir = '/usr/share/datasets/fashion-mnist';

/** Label index → name, as the dataset's authors list them. */
export const fashionMnistClasses = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/** Which classes of Fashion-MNIST to load, and from where. */
export interface FashionMnistOptions {
  /** Class indices to keep, relabelled 0..k-1 in this order; default all ten. */
  classes?: readonly number[];
  /** Where the four .gz files are; default the package's directory. */
  dir?: string;
}

type Part = 'train' | 't10k';

function partFile(dir: string, part: Part, kind: 'images-idx3' | 'labels-idx1'): string {
  const file = path.join(dir, `${part}-${kind}-ubyte.gz`);
  if (!fs.existsSync(file)) throw new DatasetMissingError(fashionMnistName, fashionMnistPackage, file);
  return file;
}

function loadPart(dir: string, part: Part, classes: readonly number[]): ImageDataset {
  const imageFile = partFile(dir, part, 'images-idx3');
  const labelFile = partFile(dir, part, 'labels-idx1');
  const images = readIdx(imageFile);
  const labels = readIdx(labelFile);
  if (images.dims.length !== 3) throw new DataFileError(imageFile, `expected images [n, height, width], the header says [${images.dims.join(', ')}]`);
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new DataFileError(labelFile, `holds labels [${labels.dims.join(', ')}] for the ${images.dims[0]} images of ${imageFile}`);
  }
  const [, height, width] = images.dims;
  const pixels = height * width;
  const selected = selectClasses(labelFile, labels.data, fashionMnistClasses.length, classes);
  const features = new Float32Array(selected.rows.length * pixels);
  selected.rows.forEach((row, i) => {
    const source = images.data.subarray(row * pixels, (row + 1) * pixels);
    for (let p = 0; p < pixels; p++) features[i * pixels + p] = source[p] / 255;
  });
  return {
    features,
    labels: selected.labels,
    rows: selected.rows.length,
    cols: pixels,
    featureNames: Array.from({ length: pixels }, (_, p) => `px_${Math.floor(p / width)}_${p % width}`),
    classNames: classes.map((c) => fashionMnistClasses[c]),
    source: `${fashionMnistName} ${part === 'train' ? 'train' : 'test'} split (${dir}), classes ${classes.join(',')}`,
    image: { height, width, channels: 1 },
  };
}

/**
 * Fashion-MNIST with its official split kept: `train` the 60 000 training images, `test` the 10 000 test images
 * (fewer with `classes`), as images [n, 28, 28, 1] in [0, 1]. Throws DatasetMissingError when the package's files
 * are missing, DataFileError for a corrupt one.
 */
export function loadFashionMnist(options: FashionMnistOptions = {}): ImageSplit & { test: ImageDataset } {
  const dir = options.dir ?? fashionMnistDir;
  const classes = options.classes ?? fashionMnistClasses.map((_, i) => i);
  return { train: loadPart(dir, 'train', classes), test: loadPart(dir, 't10k', classes) };
}

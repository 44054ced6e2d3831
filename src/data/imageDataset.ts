// Datasets whose rows are images: the features of each row are one image, row-major [height, width, channels]
// (channels last), so the whole feature array is the float32 tensor [rows, height, width, channels].
import type { Dataset } from './dataset.js';

/** The size of one image: its features are [height, width, channels], channels last. */
export interface ImageSize {
  height: number;
  width: number;
  channels: number;
}

/** A Dataset whose rows are images: `features` is the float32 tensor [rows, height, width, channels]. */
export interface ImageDataset extends Dataset {
  /** The size of every row's image; height · width · channels = cols. */
  readonly image: ImageSize;
}

/** A dataset with its own held-out part, when the data comes with one (Fashion-MNIST's official test split). */
export interface ImageSplit {
  /** Rows that may be trained on. */
  readonly train: ImageDataset;
  /** Rows that are only ever evaluated on; null when the data has no fixed split and the caller must make one. */
  readonly test: ImageDataset | null;
}

/** Whether the dataset carries an image size (its rows are images). */
export function isImageDataset(dataset: Dataset): dataset is ImageDataset {
  return 'image' in dataset && (dataset as ImageDataset).image !== undefined;
}

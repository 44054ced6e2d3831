// Node only: what `--data` names, as rows to train on and (when the data has an official one) rows to test on:
// `fashion-mnist` (its train/test split kept), a folder of class subfolders of images, or a CSV (bundled name or
// path). Only Fashion-MNIST has a fixed split.
import fs from 'node:fs';
import type { Dataset } from './dataset.js';
import { DataOptionError } from './dataErrors.js';
import { fashionMnistName, loadFashionMnist } from './fashionMnist.js';
import type { ImageSize } from './imageDataset.js';
import { loadImageFolder } from './imageFolder.js';
import { loadCsvDataset } from './loadCsv.js';

/** Rows to train on, and rows to test on when the data has an official test split. */
export interface DataSplit {
  /** Rows that may be trained on (an ImageDataset for image data). */
  readonly train: Dataset;
  /** Rows only ever evaluated on; null when the data has no fixed split and the caller must hold rows out. */
  readonly test: Dataset | null;
}

/** How loadDataSplit reads the data; each option applies to one kind of data only. */
export interface DataSplitOptions {
  /** CSV only: the label column. */
  label?: string;
  /** CSV only: columns that are not features. */
  ignore?: string[];
  /** Class indices to keep (relabelled 0..k-1 in this order); data with a fixed class list only. */
  classes?: number[];
  /** Image folders: the size (and channels) every image is resized to, normally the model's input. */
  image?: ImageSize;
}

/**
 * What `--data` names: `fashion-mnist` (its official split kept), a folder of class subfolders of images (resized
 * to `options.image`), or a CSV (bundled name or path); only Fashion-MNIST has a `test` part. Throws DataOptionError
 * for an option the data does not take, and the loaders' errors (CsvError, DataFileError, DatasetMissingError).
 */
export function loadDataSplit(data: string, options: DataSplitOptions = {}): DataSplit {
  if (data === fashionMnistName) return loadFashionMnist({ classes: options.classes });
  if (fs.existsSync(data) && fs.statSync(data).isDirectory()) {
    if (!options.image) throw new DataOptionError('--data', data, 'an image folder needs the size to resize its images to (the model input size, or --image HxWxC)');
    if (options.classes) throw new DataOptionError('--classes', options.classes.join(','), `applies to ${fashionMnistName}; an image folder's classes are its subfolders`);
    return { train: loadImageFolder(data, options.image), test: null };
  }
  if (options.classes) throw new DataOptionError('--classes', options.classes.join(','), `applies to ${fashionMnistName}, not to ${data}`);
  return { train: loadCsvDataset(data, { label: options.label, ignore: options.ignore }), test: null };
}

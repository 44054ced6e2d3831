// CSV feature rows → the tensor a pretrained model takes: scaled like its training data (a `train --save` model's
// rows prepared up front with its saved encoder and standardizer, savedInputs.ts; others divided by a number), and,
// for image models, shaped into images (`--image HxWxC`), resized to the model's input size, grey repeated to RGB
// when it wants three.
import { tf } from '../gpu/tfjsBackend.js';
import { BadInputError, ShapeError } from '../errors.js';
import { isImageDataset, type ImageSize } from '../data/imageDataset.js';
import { stacklabMetadata } from './metadata.js';
import { selectRows, type Dataset } from '../data/dataset.js';
import type { RowInputs } from './batches.js';
import { TransferOptionError } from './errors.js';
import { applySavedPreprocessingToData, savedPreprocessing } from './savedInputs.js';
import type { TransferData } from './transferData.js';
import type { InputPreparation } from './inputPreparation.js';

export type { ImageSize };

/** `8x8x1` → height 8, width 8, one channel; TransferOptionError for anything else. */
export function parseImageSize(text: string): ImageSize {
  const match = /^(\d+)x(\d+)x(\d+)$/.exec(text.trim());
  const [height, width, channels] = match ? match.slice(1).map(Number) : [];
  if (!match || !(height > 0 && width > 0 && channels > 0)) throw new TransferOptionError('--image', `"${text}": expected HEIGHTxWIDTHxCHANNELS, e.g. 8x8x1`);
  return { height, width, channels };
}

/** How feature rows become a pretrained model's input. */
export interface InputOptions {
  /** Each row is an image of this size (row-major, channels last). */
  image?: ImageSize;
  /** Values are divided by this (the pretrained model's input range), e.g. 16 for the digits' 0..16 pixels. */
  scale?: number;
}

/** `features`: [rows × cols] row-major. Returns a tensor of the model's input shape (batch = rows). */
export function modelInput(model: tf.LayersModel, features: Float32Array, rows: number, cols: number, options: InputOptions = {}): tf.Tensor {
  const wanted = model.inputs[0].shape.slice(1) as number[];
  const scale = options.scale ?? 1;
  const image = options.image;
  return tf.tidy(() => {
    const flat = tf.tensor2d(features, [rows, cols]).div(scale);
    if (!image) {
      if (wanted.length !== 1 || wanted[0] !== cols) {
        const hint = wanted.length === 3 ? '; the model takes images: pass --image HxWxC' : '';
        throw new ShapeError(model.name, 'input rows', ['rows', ...wanted], [rows, cols], `each CSV row has ${cols} features${hint}`);
      }
      return flat;
    }
    const { height, width, channels } = image;
    if (height * width * channels !== cols) {
      throw new ShapeError(model.name, `--image ${height}x${width}x${channels}`, ['rows', height * width * channels], [rows, cols], 'the image size must account for every feature column');
    }
    let images = flat.reshape([rows, height, width, channels]) as tf.Tensor4D;
    const [wantH, wantW, wantC] = wanted.length === 3 ? wanted : [height, width, channels];
    if (wantH !== height || wantW !== width) images = tf.image.resizeBilinear(images, [wantH, wantW]);
    if (wantC !== channels) {
      if (channels !== 1) throw new ShapeError(model.name, 'image channels', [wantC], [channels], 'only grey images can be widened to more channels');
      images = tf.tile(images, [1, 1, 1, wantC]);
    }
    if (wanted.length === 3) return images;
    const size = wantH * wantW * wantC;
    if (wanted.length !== 1 || wanted[0] !== size) throw new ShapeError(model.name, 'image', ['rows', ...wanted], [rows, wantH, wantW, wantC]);
    return images.reshape([rows, size]);
  });
}

/** Builds the model's input for any rows of `dataset` on demand, so only one batch of (resized) images exists at a time. */
export function rowInputs(model: tf.LayersModel, dataset: Dataset, options: InputOptions = {}): RowInputs {
  return (rows) => {
    const picked = selectRows(dataset, rows);
    return modelInput(model, picked.features, picked.rows, picked.cols, options);
  };
}

/** What a transfer's caller may set about the inputs: the image size (--image) and the divisor (--input-divisor). */
export interface GivenInputOptions {
  image?: string;
  inputDivisor?: number;
}

/**
 * How rows become the model's input: an image size given here (--image), else the model's metadata, else the
 * image dataset's own; the divisor given, else the metadata's, else 1. For a model whose metadata holds the
 * preprocessing it was trained with (`train --save`), use transferInputs, which applies it: here that is a
 * BadInputError rather than silently raw inputs.
 */
export function inputOptions(artifacts: tf.io.ModelArtifacts, train: Dataset, given: GivenInputOptions = {}): InputOptions {
  if (savedPreprocessing(artifacts, 'the model')) {
    throw new BadInputError("the model's metadata holds the encoder or standardizer it was trained with: prepare the rows with transferInputs, which applies them");
  }
  return dividedInputs(artifacts, train, given);
}

function dividedInputs(artifacts: tf.io.ModelArtifacts, train: Dataset, given: GivenInputOptions): InputOptions {
  const metadata = stacklabMetadata(artifacts);
  const image = given.image ?? metadata.inputImage;
  return {
    image: image ? parseImageSize(image) : isImageDataset(train) ? train.image : undefined,
    scale: given.inputDivisor ?? metadata.inputDivisor ?? 1,
  };
}

/**
 * A transfer's rows and input options. A model saved by `train --save` brings the preprocessing it was trained
 * with: both sides' columns are taken by name in its order, encoded and standardized with the saved statistics
 * (nothing is fitted on the new rows), and then neither divided nor otherwise scaled; every method, scratch and
 * pixels included, sees those same rows. Other models get inputOptions's image size and divisor. Throws
 * FeatureColumnsError when the columns do not fit the saved ones, TransferOptionError for --input-divisor with
 * saved preprocessing, ModelFormatError for inconsistent metadata.
 */
export function transferInputs(artifacts: tf.io.ModelArtifacts, data: TransferData, model: string, given: GivenInputOptions = {}): { data: TransferData; input: InputOptions; inputs: InputPreparation } {
  const saved = savedPreprocessing(artifacts, model);
  if (!saved) {
    const input = dividedInputs(artifacts, data.train, given);
    return { data, input, inputs: { kind: 'divided', divisor: input.scale ?? 1 } };
  }
  if (given.inputDivisor !== undefined) {
    throw new TransferOptionError('--input-divisor', `${model} carries the standardizer it was trained with, which prepares its inputs; drop --input-divisor`);
  }
  const prepared = applySavedPreprocessingToData(saved, data);
  const input = { ...dividedInputs(artifacts, prepared.train, given), scale: 1 };
  return { data: prepared, input, inputs: { kind: 'saved', model, encoder: saved.encoder !== null, standardizer: saved.standardizer !== null, features: saved.features } };
}

type Json = Record<string, unknown>;

/** The [height, width, channels] a model's (first) input takes, read from its topology; undefined when not an image or not fixed. */
export function modelInputImage(artifacts: tf.io.ModelArtifacts): ImageSize | undefined {
  const topology = artifacts.modelTopology as Json | undefined;
  const model = (topology?.model_config ?? topology) as Json | undefined;
  const config = model?.config as Json | undefined;
  const layers = (Array.isArray(config?.layers) ? config.layers : []) as Json[];
  // A functional model names its input layer; a Sequential one declares the shape on its first layer.
  const inputName = (config?.input_layers as unknown[][] | undefined)?.[0]?.[0];
  const layer = inputName === undefined ? layers[0] : layers.find((l) => (l.config as Json | undefined)?.name === inputName);
  const shape = (layer?.config as Json | undefined)?.batch_input_shape as (number | null)[] | undefined;
  if (!shape || shape.length !== 4) return undefined;
  const [height, width, channels] = shape.slice(1);
  return height && width && channels ? { height, width, channels } : undefined;
}

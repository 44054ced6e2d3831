// dense: a fully connected layer's forward and backward passes on shaders/dense.wgsl + shaders/tiledProduct.wgsl.
import type { Engine } from '../gpu/engine.js';
import { withScope, type GpuScope } from '../gpu/gpuScope.js';
import { ArgumentError } from '../errors.js';
import { checkBindingSize, elementCount, type GpuArray } from '../gpu/gpuArray.js';
import { groups, makeCall, type KernelCall } from '../gpu/kernelCall.js';
import { getPipeline, type KernelPipeline } from '../gpu/pipelines.js';
import { run } from '../gpu/recorder.js';
import { specialize } from '../gpu/wgsl.js';
import source from '../../shaders/dense.wgsl';
import productLoop from '../../shaders/tiledProduct.wgsl';
import { expectRank, expectShape, modelAxis, type ModelAxis } from './shapes.js';

/** The activation a dense layer applies after X·W + b. */
export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** Every Activation, in the order the shader numbers them; other names throw ArgumentError. */
export const activations: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

const activationCode: Record<Activation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

/** The product loop's tile, specialized into tiledProduct.wgsl: one workgroup per tile of the output. */
const tile = { M: 32, N: 32 };

type Product = 'forward' | 'inputGradient' | 'weightGradient';

/** Which index of each product operand is contiguous in memory (see tiledProduct.wgsl). */
const layouts: Record<Product, { aK: boolean; bN: boolean }> = {
  forward: { aK: true, bN: true },
  inputGradient: { aK: true, bN: false },
  weightGradient: { aK: false, bN: true },
};

const kernel = 'dense';

function densePipeline(engine: Engine, product: Product, activation: Activation): Promise<KernelPipeline> {
  return getPipeline(engine, kernel, `${product} ${activation}`, () => ({
    // One copy of the product loop per module, its hooks pointed at this product's loads and store.
    code: `${source}\n${specialize(productLoop, { PRODUCT_TILE_M: tile.M, PRODUCT_TILE_N: tile.N }, 'tiledProduct.wgsl').replace(/\b(loadA|loadB|storeC)\(/g, `${product}_$1(`)}`,
    entryPoint: product,
    constants: { ACTIVATION: activationCode[activation], A_K_CONTIGUOUS: Number(layouts[product].aK), B_N_CONTIGUOUS: Number(layouts[product].bN) },
  }));
}

function checkActivation(activation: string): asserts activation is Activation {
  if (!activations.includes(activation as Activation)) {
    throw new ArgumentError(`${kernel}: unknown activation "${activation}" (expected one of ${activations.join(', ')})`);
  }
}

function checkSizes(engine: Engine, arrays: Record<string, GpuArray>): void {
  for (const [name, array] of Object.entries(arrays)) checkBindingSize(engine, kernel, name, elementCount(array.shape) * 4);
}

export interface LayerDims {
  /** Layers in the model axis: 1 for rank-2 operands (X [batch, inputs]), M for rank-3 ones (X [M, batch, inputs]). */
  models: number;
  batch: number;
  inputs: number;
  outputs: number;
  /** Prefixes a per-model shape with [M] when the operands carry a model axis. */
  shape: ModelAxis['shape'];
}

/** M, batch, inputs, outputs from X [(M,) batch, inputs] and W [(M,) inputs, outputs], checking that they agree. */
function layerDims(x: GpuArray, w: GpuArray): LayerDims {
  const { models, hasAxis, perModel, shape } = modelAxis(kernel, 'X', x, 2);
  const [batch, inputs] = perModel;
  expectRank(kernel, 'W', w, x.shape.length);
  const outputs = w.shape[w.shape.length - 1];
  expectShape(kernel, 'W', w, shape([inputs, outputs]), `X is [${x.shape.join(', ')}], so W needs ${inputs} rows${hasAxis ? ` for each of ${models} models` : ''}`);
  return { models, batch, inputs, outputs, shape };
}

/** The forward pipeline for one activation, compiled once per device; denseForwardCall needs it ready. */
export function denseForwardPipeline(engine: Engine, activation: Activation): Promise<KernelPipeline> {
  checkActivation(activation);
  return densePipeline(engine, 'forward', activation);
}

/**
 * Y = act(X·W + b) into `y` on the ready forward pipeline of this activation, built without waiting: for
 * callers that cannot await, such as tfjs kernel functions. Its uniform belongs to `scope`.
 */
export function denseForwardCall(scope: GpuScope, pipeline: KernelPipeline, x: GpuArray, w: GpuArray, b: GpuArray, y: GpuArray, activation: Activation): KernelCall {
  const { models, batch, inputs, outputs, shape } = layerDims(x, w);
  expectShape(kernel, 'b', b, shape([outputs]));
  expectShape(kernel, 'Y', y, shape([batch, outputs]));
  checkSizes(scope.engine, { X: x, W: w, Y: y });
  const size = scope.uniform(`${kernel} forward`, [batch, inputs, outputs]);
  return makeCall(scope, pipeline, `${kernel} forward ${activation}`, [x, w, b, y, size], [groups(outputs, tile.N), groups(batch, tile.M), models], {
    flops: models * (2 * batch * inputs * outputs + 2 * batch * outputs),
    bytes: models * 4 * (batch * inputs + inputs * outputs + outputs + batch * outputs),
  });
}

/**
 * Y = act(X·W + b) into `y`: X [batch, in], W [in, out], b [out], Y [batch, out]; or M layers at once, each
 * operand with a leading [M] (workgroup id z = model).
 */
export async function prepareDenseForward(scope: GpuScope, x: GpuArray, w: GpuArray, b: GpuArray, y: GpuArray, activation: Activation): Promise<KernelCall> {
  checkActivation(activation);
  layerDims(x, w);
  return denseForwardCall(scope, await densePipeline(scope.engine, 'forward', activation), x, w, b, y, activation);
}

/**
 * The operands of one dense layer's backward pass, shaped as for prepareDenseForward (each with a leading [M] on
 * the model axis); the gradients given are overwritten, not accumulated.
 */
export interface DenseBackwardArgs {
  /** The layer's input X [batch, in], as in the forward pass. */
  x: GpuArray;
  /** The weights W [in, out]. */
  w: GpuArray;
  /** The forward output act(X·W + b); act′ is computed from it. */
  y: GpuArray;
  /** ∂loss/∂Y [batch, out], from the layer above or the loss. */
  dy: GpuArray;
  /** Omit for the first layer, which needs no input gradient. */
  dx?: GpuArray;
  /** dW and db go together; omit both for a frozen layer. */
  dw?: GpuArray;
  /** ∂loss/∂b [out]; given with `dw` or not at all (ArgumentError otherwise). */
  db?: GpuArray;
  /** The forward pass's activation. */
  activation: Activation;
}

/** The backward products as reusable calls: dX (when `dx` is given), then dW and db (when given); operands as for prepareDenseForward. */
export async function prepareDenseBackward(scope: GpuScope, args: DenseBackwardArgs): Promise<KernelCall[]> {
  const { engine } = scope;
  const { x, w, y, dy, dx, dw, db, activation } = args;
  checkActivation(activation);
  const { models, batch, inputs, outputs, shape } = layerDims(x, w);
  expectShape(kernel, 'Y', y, shape([batch, outputs]));
  expectShape(kernel, 'dY', dy, shape([batch, outputs]));
  if (!dw !== !db) throw new ArgumentError(`${kernel}: dW and db are computed together; give both, or neither for a frozen layer`);
  checkSizes(engine, { X: x, W: w, Y: y, dY: dy });
  const size = scope.uniform(`${kernel} backward`, [batch, inputs, outputs]);
  const calls: KernelCall[] = [];
  if (dx) {
    expectShape(kernel, 'dX', dx, shape([batch, inputs]));
    const pipeline = await densePipeline(engine, 'inputGradient', activation);
    calls.push(
      makeCall(scope, pipeline, `${kernel} dX ${activation}`, [dy, y, w, dx, size], [groups(inputs, tile.N), groups(batch, tile.M), models], {
        flops: models * (2 * batch * inputs * outputs + 2 * batch * outputs),
        bytes: models * 4 * (2 * batch * outputs + inputs * outputs + batch * inputs),
      }),
    );
  }
  if (dw && db) {
    expectShape(kernel, 'dW', dw, shape([inputs, outputs]));
    expectShape(kernel, 'db', db, shape([outputs]));
    const pipeline = await densePipeline(engine, 'weightGradient', activation);
    calls.push(
      makeCall(scope, pipeline, `${kernel} dW db ${activation}`, [dy, y, x, dw, size, db], [groups(outputs, tile.N), groups(inputs + 1, tile.M), models], {
        flops: models * (2 * batch * (inputs + 1) * outputs + 2 * batch * outputs),
        bytes: models * 4 * (2 * batch * outputs + batch * inputs + inputs * outputs + outputs),
      }),
    );
  }
  return calls;
}

/**
 * Y = act(X·W + b) into a new array, run now: X [batch, in], W [in, out], b [out] give Y [batch, out] (or M layers,
 * each operand with a leading [M]). The caller owns Y. Throws ShapeError when the operands disagree.
 */
export async function denseForward(engine: Engine, x: GpuArray, w: GpuArray, b: GpuArray, activation: Activation): Promise<GpuArray> {
  const { batch, outputs, shape } = layerDims(x, w);
  return withScope(engine, `${kernel} forward`, async (scope) => {
    const y = scope.array(`${kernel} Y`, shape([batch, outputs]));
    await run(engine, await prepareDenseForward(scope, x, w, b, y, activation));
    return scope.release(y);
  });
}

/** The gradients into new arrays, run now: dX unless `needDx` is false, dW and db unless `frozen`. */
export async function denseBackward(
  engine: Engine,
  args: { x: GpuArray; w: GpuArray; y: GpuArray; dy: GpuArray; activation: Activation; needDx?: boolean; frozen?: boolean },
): Promise<{ dx?: GpuArray; dw?: GpuArray; db?: GpuArray }> {
  const { x, w, needDx = true, frozen = false } = args;
  const { outputs, shape } = layerDims(x, w);
  return withScope(engine, `${kernel} backward`, async (scope) => {
    const dx = needDx ? scope.array(`${kernel} dX`, x.shape) : undefined;
    const dw = frozen ? undefined : scope.array(`${kernel} dW`, w.shape);
    const db = frozen ? undefined : scope.array(`${kernel} db`, shape([outputs]));
    const calls = await prepareDenseBackward(scope, { ...args, dx, dw, db });
    if (calls.length) await run(engine, ...calls);
    for (const out of [dx, dw, db]) if (out) scope.release(out);
    return { dx, dw, db };
  });
}

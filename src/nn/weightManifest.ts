// The weights manifest of a tfjs model.json: how many bytes its entries occupy, and the converter's affine
// quantization (tensorflowjs/quantization.py) for writing weights as uint8 or uint16. Reading needs no code of ours:
// tf.io.decodeWeights dequantizes `quantization` entries (value = q * scale + min) as a model loads.
import type { tf } from '../gpu/tfjsBackend.js';
import { ModelFormatError } from './modelErrors.js';

const bytesPerElement: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes the manifest says these weights occupy (quantized weights count at their stored width). */
export function manifestBytes(weights: readonly tf.io.WeightsManifestEntry[], source: string): number {
  let total = 0;
  for (const weight of weights) {
    const dtype = weight.quantization?.dtype ?? weight.dtype;
    const width = bytesPerElement[dtype];
    if (width === undefined) throw new ModelFormatError(source, `weight "${weight.name}" has dtype "${dtype}", which a LayersModel cannot hold`);
    total += width * weight.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** The integer type weights are stored as when a model is saved quantized (tfjs's affine min/scale scheme). */
export type QuantizedDtype = 'uint8' | 'uint16';

/**
 * One float32 weight as the converter writes it: values spread linearly over [min, max] in 2^8 or 2^16 steps, the
 * range nudged so that 0 is exactly representable when it lies inside (zero padding must stay zero).
 */
export function quantizeWeight(values: Float32Array, dtype: QuantizedDtype): { data: Uint8Array | Uint16Array; min: number; scale: number } {
  const data = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (values.length === 0 || lo === hi) return { data, min: values.length === 0 ? 0 : lo, scale: 1 };
  const top = dtype === 'uint8' ? 255 : 65535;
  const scale = (hi - lo) / top;
  const min = lo <= 0 && 0 <= hi ? -Math.round(-lo / scale) * scale : lo;
  const max = top * scale + min;
  for (let i = 0; i < values.length; i++) data[i] = Math.round((Math.min(max, Math.max(min, values[i])) - min) / scale);
  return { data, min, scale };
}

/** The float32 weights of `specs`/`data` quantized to `dtype`; other dtypes are kept as they are. */
export function quantizeWeights(specs: readonly tf.io.WeightsManifestEntry[], data: ArrayBuffer, dtype: QuantizedDtype, source: string): { specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer } {
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new ModelFormatError(source, `weight "${spec.name}" is quantized already`);
    const bytes = manifestBytes([spec], source);
    const raw = data.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32') {
      parts.push(new Uint8Array(raw));
      out.push(spec);
      continue;
    }
    const q = quantizeWeight(new Float32Array(raw), dtype);
    parts.push(new Uint8Array(q.data.buffer));
    out.push({ ...spec, quantization: { dtype, min: q.min, scale: q.scale } });
  }
  const joined = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return { specs: out, data: joined.buffer };
}

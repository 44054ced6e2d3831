// How far a kernel's output may be from the float64 reference. By default each element's float32 bound (γ_K times
// the magnitude behind it); a kernel that rounds on purpose (TF32-style inputs, f16) declares its own rtol/atol in
// its header, or the command line gives one with --tolerance (which wins over the header). The bound is then
// atol + rtol·magnitude: relative to the sum of magnitudes behind the element, not to |value|, so cancellation in
// a dot product does not fail a right kernel. Every bound the checks and the bench rows use is made here.

/**
 * One output's float64 values, and what its allowed error scales with: each element's magnitude (Σ|a_k·b_k| behind
 * a dot product), times float32's factor by default or a kernel's own rtol (outputBounds turns these into bounds).
 */
export interface ReferenceOutput {
  values: Float64Array;
  /** The magnitude rounding errors at element `i` scale with: Σ|a_k·b_k| for a dot product, not |value| (which cancels). */
  magnitude(i: number): number;
  /** The magnitude in words, e.g. `(|A|·|B|)[i]`. */
  magnitudeRule: string;
  /** float32's relative bound on the magnitude (γ_K for a K-term sum), with its symbol and sizes in words. */
  float32: { factor: number; symbol: string; sizes: string };
}

/** A kernel's own bound: |got − want| ≤ atol + rtol·magnitude per element; null means the float32 bound. */
export interface Tolerance {
  rtol: number;
  atol: number;
  /** Where it was set: the kernel's header or the command line. */
  from: 'header' | '--tolerance';
}

/** An output's per-element bounds and their rule in words (written into results and messages). */
export interface OutputBounds {
  /** The largest |got − want| allowed at element `i`. */
  bound(i: number): number;
  rule: string;
}

/** A non-negative finite number as written in a header or on the command line; null when it is not one. */
function toleranceNumber(text: string): number | null {
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * `rtol` and `atol` as given (either may be absent, and counts as 0); a reason in words when one is not a
 * non-negative number or neither is given, else the tolerance.
 */
export function toleranceOf(rtol: string | undefined, atol: string | undefined, from: Tolerance['from']): Tolerance | string {
  if (rtol === undefined && atol === undefined) return 'give rtol=R, atol=A or both';
  const values = { rtol: rtol === undefined ? 0 : toleranceNumber(rtol), atol: atol === undefined ? 0 : toleranceNumber(atol) };
  for (const key of ['rtol', 'atol'] as const) {
    if (values[key] === null) return `${key}=${key === 'rtol' ? rtol : atol} is not a non-negative number (e.g. ${key}=1e-3)`;
  }
  return { rtol: values.rtol!, atol: values.atol!, from };
}

/**
 * `--tolerance` as typed: `rtol=R[,atol=A]`, `atol=A`, or `float32` (the default bound, over a header's own);
 * a reason in words when it is none of these.
 */
export function parseToleranceOption(text: string): Tolerance | 'float32' | string {
  if (text.trim() === 'float32') return 'float32';
  const fields = new Map<string, string>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const [key, value, extra] = part.split('=');
    if ((key !== 'rtol' && key !== 'atol') || value === undefined || extra !== undefined || fields.has(key)) {
      return `"${part}" is not rtol=R or atol=A (e.g. --tolerance rtol=1e-3,atol=1e-6, or --tolerance float32)`;
    }
    fields.set(key, value);
  }
  return toleranceOf(fields.get('rtol'), fields.get('atol'), '--tolerance');
}

/** The tolerance in words, e.g. `rtol = 0.002, atol = 0 (header)`, or `float32` for the default. */
export function toleranceText(tolerance: Tolerance | null): string {
  return tolerance ? `rtol = ${tolerance.rtol}, atol = ${tolerance.atol} (${tolerance.from})` : 'float32';
}

/**
 * Element i's bound on |got − want|: float32's factor or the kernel's rtol times its magnitude (plus atol). A bound of
 * exactly 0 (every term behind the element is 0) gets the smallest double added, so an error there still has a
 * finite error/bound ratio for the results (JSON has no Infinity) while an exact 0 passes.
 */
export function outputBounds(output: ReferenceOutput, tolerance: Tolerance | null): OutputBounds {
  const { magnitude, magnitudeRule, float32 } = output;
  if (!tolerance) return { bound: (i) => float32.factor * magnitude(i) + Number.MIN_VALUE, rule: `${float32.symbol}·${magnitudeRule}, ${float32.sizes}` };
  const { rtol, atol } = tolerance;
  return { bound: (i) => atol + rtol * magnitude(i) + Number.MIN_VALUE, rule: `atol + rtol·${magnitudeRule}, ${toleranceText(tolerance)}` };
}

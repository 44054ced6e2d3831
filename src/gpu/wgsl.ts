// WGSL variants: tile sizes that size function-scope arrays must be `const` (not `override`), so a variant
// is the shader text with some `const` declarations given new values. The file stays valid WGSL as written.
// Workgroup sizes are specialized the same way, from the kernel module that sizes the dispatch grid, so the
// module and the shader cannot disagree.
import { InternalError } from '../errors.js';

/** Replaces the values of `const NAME: type = value;` (or `const NAME = value;`) declarations. */
export function specialize(code: string, values: Record<string, number | boolean>, file = 'shader'): string {
  let out = code;
  for (const [name, value] of Object.entries(values)) {
    const declaration = new RegExp(`(const\\s+${name}\\s*(?::\\s*(\\w+))?\\s*=\\s*)([^;]+);`);
    const match = declaration.exec(out);
    if (!match) throw new InternalError(`${file}: no "const ${name}" declaration to specialize`);
    const type = match[2];
    const literal = typeof value === 'boolean' ? String(value) : type === 'f32' ? `${value}f` : type === 'i32' ? `${value}i` : `${value}u`;
    out = out.replace(declaration, `$1${literal};`);
  }
  return out;
}

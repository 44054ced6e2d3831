// What the harness reads from a user kernel's WGSL text itself, for checks and messages the compiler cannot give:
// an entry point's @workgroup_size (compared with the header) and where a binding is declared (file:line:col).

/** A place in the source, 1-based like compiler messages. */
export interface SourcePlace {
  line: number;
  col: number;
}

function placeOf(code: string, index: number): SourcePlace {
  const before = code.slice(0, index).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** WGSL without comments (same length, so indexes and places stay), so a commented-out attribute is not read. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
}

/** The integer value of `const NAME = 16u;` (typed or not) outside comments; null when there is no such declaration. */
export function constValue(source: string, name: string): number | null {
  const constant = new RegExp(`\\bconst\\s+${name}\\s*(?::\\s*\\w+\\s*)?=\\s*(\\d+)[ui]?\\s*;`).exec(withoutComments(source));
  return constant ? Number(constant[1]) : null;
}

/** A size as WGSL writes it: a literal (16, 16u, 16i) or a module-scope const of one; null when it is not one of these (an override). */
function sizeValue(code: string, text: string): number | null {
  const literal = /^(\d+)[ui]?$/.exec(text);
  if (literal) return Number(literal[1]);
  return /^\w+$/.test(text) ? constValue(code, text) : null;
}

/**
 * The @workgroup_size of entry point `entry` as [x, y, z] (missing sizes are 1, an override's is null), and where
 * it is written; null when the entry point or its attribute is not found.
 */
export function workgroupSizeOf(source: string, entry: string): { size: (number | null)[]; place: SourcePlace } | null {
  const code = withoutComments(source);
  const fn = new RegExp(`\\bfn\\s+${entry}\\s*\\(`).exec(code);
  if (!fn) return null;
  // The attribute is among those after the previous declaration's end.
  const start = Math.max(code.lastIndexOf('}', fn.index), code.lastIndexOf(';', fn.index)) + 1;
  const attribute = /@workgroup_size\s*\(([^)]*)\)/.exec(code.slice(start, fn.index));
  if (!attribute) return null;
  const parts = attribute[1].split(',').map((p) => p.trim()).filter(Boolean);
  const size = [0, 1, 2].map((i) => (parts[i] === undefined ? 1 : sizeValue(code, parts[i])));
  return { size, place: placeOf(code, start + attribute.index) };
}

/** Where `@binding(n)` of group 0 is declared, or null. */
export function bindingPlace(source: string, binding: number): SourcePlace | null {
  const code = withoutComments(source);
  const match = new RegExp(`@binding\\s*\\(\\s*${binding}\\s*\\)`).exec(code);
  return match ? placeOf(code, match.index) : null;
}

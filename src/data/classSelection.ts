// `--classes 5-9` or `--classes 0,2,4`: which classes of a dataset to keep, by index, in the order given. The kept
// classes are relabelled 0..k-1 in that order.
import { DataFileError, DataOptionError } from './dataErrors.js';

/**
 * Class indices from a `--classes` value: a comma list of indices and ranges (`0,2,4`, `5-9`), kept in the order
 * given. Throws DataOptionError for anything else, fewer than two classes, or a class listed twice.
 */
export function parseClassSelection(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new DataOptionError('--classes', text, `range ${part} runs backwards`);
      for (let c = from; c <= to; c++) out.push(c);
    } else if (/^\d+$/.test(part)) {
      out.push(Number(part));
    } else {
      throw new DataOptionError('--classes', text, `"${part}" is neither a class index nor a range such as 5-9`);
    }
  }
  if (out.length < 2) throw new DataOptionError('--classes', text, `select at least two classes`);
  if (new Set(out).size !== out.length) throw new DataOptionError('--classes', text, `a class is listed twice`);
  return out;
}

/** Row indices whose label is selected, and the new label of each (the class's position in `classes`). */
export function selectClasses(source: string, labels: Uint8Array | Uint32Array, classCount: number, classes: readonly number[]): { rows: number[]; labels: Uint32Array } {
  for (const c of classes) if (!(c >= 0 && c < classCount)) throw new DataFileError(source, `class ${c} does not exist (classes are 0..${classCount - 1})`);
  const position = new Map(classes.map((c, i) => [c, i]));
  const rows: number[] = [];
  for (let r = 0; r < labels.length; r++) if (position.has(labels[r])) rows.push(r);
  return { rows, labels: Uint32Array.from(rows, (r) => position.get(labels[r])!) };
}

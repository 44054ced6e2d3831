// Node only: IDX files (the MNIST family's format), gzipped or not. Layout: two zero bytes, a type byte, the number
// of dimensions, each dimension as a big-endian uint32, then the values. Every check names the file, because a
// truncated download otherwise shows up much later as a wrong shape or garbage pixels.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { DataFileError } from './dataErrors.js';

/** An IDX file's contents: its dimensions and its unsigned bytes. */
export interface IdxArray {
  /** e.g. [60000, 28, 28] for images, [60000] for labels. */
  readonly dims: readonly number[];
  /** The values, row-major. */
  readonly data: Uint8Array;
}

/** The only IDX element type the MNIST family uses. */
const unsignedByte = 0x08;

function gunzipIfNeeded(file: string, bytes: Uint8Array): Uint8Array {
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  try {
    return zlib.gunzipSync(bytes);
  } catch (error) {
    throw new DataFileError(file, `corrupt or truncated gzip data (${(error as Error).message})`);
  }
}

/** Parses IDX bytes (already gunzipped); `file` only names the source in errors. */
function parseIdx(file: string, bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new DataFileError(file, `${bytes.length} bytes: too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DataFileError(file, `wrong magic number 0x${magic}: not an IDX file (expected 0x0000 then type and rank)`);
  }
  if (bytes[2] !== unsignedByte) throw new DataFileError(file, `IDX element type 0x${bytes[2].toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const rank = bytes[3];
  if (rank === 0) throw new DataFileError(file, 'IDX header declares zero dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new DataFileError(file, `truncated header: ${rank} dimensions need ${headerBytes} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    const what = actual < expected ? 'truncated' : 'has trailing bytes';
    throw new DataFileError(file, `${what}: dimensions [${dims.join(', ')}] need ${expected} data bytes after the header, the file has ${actual}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Reads an IDX file of unsigned bytes (.gz or plain); DataFileError for an unreadable, truncated or other-typed file. */
export function readIdx(file: string): IdxArray {
  let raw: Uint8Array;
  try {
    raw = fs.readFileSync(file);
  } catch (error) {
    throw new DataFileError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseIdx(file, gunzipIfNeeded(file, raw));
}

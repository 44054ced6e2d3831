// Typed arrays end to end in one new array (per-model weights into one [M, …] buffer, outputs for comparison).
export function concat<T extends Float32Array | Uint32Array>(parts: readonly T[]): T {
  // The first part's type; Float32Array when there are no parts.
  const Kind = (parts[0]?.constructor ?? Float32Array) as new (n: number) => T;
  const out = new Kind(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// Shapes for kernel tests: the edge cases every kernel must handle, then seeded random ones.
import type { Random } from '../../src/data/random.js';

export interface Dims {
  M: number;
  N: number;
  K: number;
}

const primes = [2, 3, 5, 7, 13, 31, 61, 67, 127, 131, 257];

/** Fixed cases (1, primes, tile ± 1, K = 4096) followed by random ones up to `count` in all. */
export function matmulShapes(random: Random, count: number, maxWork = 1.5e7): Dims[] {
  const fixed: Dims[] = [
    { M: 1, N: 1, K: 1 },
    { M: 1, N: 10, K: 64 },
    { M: 7, N: 1, K: 3 },
    { M: 64, N: 64, K: 64 },
    { M: 63, N: 65, K: 129 },
    { M: 128, N: 96, K: 80 },
    { M: 61, N: 67, K: 131 },
    { M: 3, N: 5, K: 4096 },
    { M: 33, N: 17, K: 4096 },
    { M: 257, N: 2, K: 31 },
  ];
  const out = [...fixed];
  const dim = () => (random.next() < 0.3 ? primes[random.int(primes.length)] : 1 + random.int(random.next() < 0.5 ? 70 : 300));
  while (out.length < count) {
    const M = dim();
    const N = dim();
    const K = random.next() < 0.1 ? 1024 + random.int(3073) : dim();
    if (M * N * K <= maxWork) out.push({ M, N, K });
  }
  return out;
}

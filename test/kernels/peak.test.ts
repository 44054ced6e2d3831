import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFloats, seededRandom } from '../../src/data/random.js';
import { readArray } from '../../src/gpu/gpuArray.js';
import { withScope } from '../../src/gpu/gpuScope.js';
import { run } from '../../src/gpu/recorder.js';
import { compareWithBounds } from '../../src/bench/agreement.js';
import { preparePeakCopy, preparePeakFma } from '../../src/kernels/peak.js';
import { peakFmaReference } from '../../src/kernels/peak.reference.js';
import { testEngine } from '../support/engine.js';

const test = suite('peak');

test('the FMA chains match their float64 reference and the copy copies bit for bit, on item counts off the workgroup size', async () => {
  const engine = await testEngine();
  const random = seededRandom(7);
  for (const [items, iterations] of [[1, 1], [7, 5], [257, 16], [1000, 3]]) {
    await withScope(engine, 'peak test', async (scope) => {
      const values = randomFloats(items * 4, random);
      const src = scope.array('peak test src', [items, 4], values);
      const fmaOut = scope.array('peak test fma', [items, 4]);
      const copyOut = scope.array('peak test copy', [items, 4]);
      const fma = await preparePeakFma(scope, src, fmaOut, iterations);
      assert.is(fma.flops, items * iterations * 8 * 4 * 2);
      await run(engine, fma, await preparePeakCopy(scope, src, copyOut));
      const want = peakFmaReference(values, iterations);
      const got = compareWithBounds(await readArray(engine, fmaOut), want, (i) => 1e-5 * (Math.abs(want[i]) + 8));
      assert.ok(got.ok, `${items} items × ${iterations} steps: ${got.mismatches} beyond the bound, worst ${JSON.stringify(got.worst)}`);
      assert.equal(await readArray(engine, copyOut), values, `${items} items copied`);
    });
  }
});

test('a src and dst that are not [count, 4] are refused naming both shapes', async () => {
  const engine = await testEngine();
  await withScope(engine, 'peak test', async (scope) => {
    const src = scope.array('peak test src', [8, 3]);
    const dst = scope.array('peak test dst', [8, 3]);
    try {
      await preparePeakCopy(scope, src, dst);
      assert.unreachable('accepted [8, 3]');
    } catch (error) {
      assert.match((error as Error).message, /peak: src \[8, 3\] and dst \[8, 3\] must both be \[count, 4\]/);
    }
  });
});

test.run();

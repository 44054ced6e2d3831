import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { balancedEpochOrder, epochOrder } from '../../src/nn/epochOrder.js';

const test = suite('balanced epochs');

test('a 1:49 epoch drawn balanced has about as many minority rows as majority rows, seeded', () => {
  const labels = Uint32Array.from({ length: 5000 }, (_, i) => (i % 50 === 0 ? 1 : 0));
  const order = balancedEpochOrder(labels, 3, 0);
  assert.is(order.length, 5000);
  const minority = order.filter((r) => labels[r] === 1).length;
  assert.ok(minority > 2300 && minority < 2700, `${minority} minority rows of 5000`);
  assert.equal(balancedEpochOrder(labels, 3, 0), order);
  assert.not.equal(Array.from(balancedEpochOrder(labels, 3, 1)), Array.from(order));
  // Unbalanced, every row comes once.
  assert.is(epochOrder(5000, 3, 0).filter((r) => labels[r] === 1).length, 100);
});

test.run();

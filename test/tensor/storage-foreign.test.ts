import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { tensor, zeros } from '../../src/tensor/create.js';
import { release } from '../../src/tensor/storage.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('an array wrapped by tensor() stays the caller’s: it is never recycled by the pool', async () => {
  const mine = new Float32Array(20000).fill(7); // above the pool's minimum size
  (() => tensor(mine).add(1))(); // the wrapping tensor becomes garbage
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10)); // let finalizers run
  }
  release(mine); // even handed back explicitly, the caller's array is not pooled
  const fresh = zeros([20000]);
  expect(fresh.data).not.toBe(mine);
  expect(mine[0]).toBe(7);
});

import { expect, test } from 'vitest';
import { mulberry32 } from '../../src/boost/gbm.js';
import { radixSortWithIndex } from '../../src/boost/radix.js';

test.each([
  [100, false], [100, true], [70_000, false], [70_000, true],
])('radix sort of %i values (float32 keys: %s) matches a comparison sort', (n, float32) => {
  // 70,000 values take the 16-bit digit path, 100 the 8-bit one
  const rng = mulberry32(n);
  const v = Float64Array.from({ length: n }, (_, i) => {
    if (i % 17 === 0) return NaN;
    if (i % 13 === 0) return -0;
    const x = (rng() - 0.5) * 10 ** Math.floor(rng() * 8 - 4);
    return float32 ? Math.fround(x) : x;
  });
  v[1] = -Infinity;
  v[2] = Infinity;
  const { values, order, missing } = radixSortWithIndex(v, float32);
  const expected = Array.from(v).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  expect(missing).toBe(n - expected.length);
  // compared as one joined string each: toEqual on 70,000 elements is slow
  expect(Array.from(values).join(',')).toBe(expected.join(','));
  expect(Array.from(order, (r) => v[r]).join(',')).toBe(expected.join(','));
  expect(Object.is(values[expected.indexOf(0)], -0)).toBe(true); // −0 sorts with the zeros, kept as is
});

import { expect, test } from 'vitest';
import { mulberry32 } from '../../src/boost/gbm.js';
import { radixSortWithIndex } from '../../src/boost/radix.js';

test.each([
  [100, false], [100, true], [70_000, false], [70_000, true],
])('radix sort of %i values (float32 keys: %s) matches a comparison sort', (n, float32) => {
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
  expect(Array.from(values)).toEqual(expected);
  for (let k = 0; k < values.length; k++) expect(v[order[k]]).toBe(values[k]);
});

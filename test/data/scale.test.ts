import { describe, expect, test } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import { MinMaxScaler, StandardScaler } from '../../src/data/index.js';

const x = tensor([
  [1, 10, 5],
  [2, 20, 5],
  [3, 60, 5],
]);

describe('scalers', () => {
  test('StandardScaler: zero mean, unit population std, constant feature untouched', () => {
    const s = new StandardScaler().fit(x);
    expect(s.mean!.toArray()).toBeAllClose([2, 30, 5]);
    // population std of [10, 20, 60] = √(1400/3)
    expect(s.scale!.toArray()).toBeAllClose([Math.sqrt(2 / 3), Math.sqrt(1400 / 3), 1]);
    const z = s.transform(x);
    expect(z.dtype).toBe('float32');
    expect(z.mean(0).toArray()).toBeAllClose([0, 0, 0], { atol: 1e-6 });
    expect(z.var(0, { correction: 0 }).toArray()).toBeAllClose([1, 1, 0], { atol: 1e-6 });
    expect(s.inverseTransform(z).toArray()).toBeAllClose(x, { rtol: 1e-6 });
    expect(StandardScaler.fromJSON(s.toJSON()).transform(x).toArray()).toEqual(z.toArray());
  });
  test('MinMaxScaler maps the fitted range to featureRange', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit(x);
    const z = s.transform(x);
    expect(z.toArray()).toBeAllClose(
      [
        [-1, -1, -1],
        [0, -0.6, -1],
        [1, 1, -1],
      ],
      { atol: 1e-6 },
    );
    expect(s.inverseTransform(z).toArray()).toBeAllClose(x, { rtol: 1e-6 });
    expect(MinMaxScaler.fromJSON(s.toJSON()).transform(x).toArray()).toEqual(z.toArray());
  });
  test('errors: not fitted, wrong rank, wrong width', () => {
    expect(() => new StandardScaler().transform(x)).toThrow(/call fit first/);
    expect(() => new MinMaxScaler().fit(tensor([1, 2]))).toThrow(
      /expected a 2-D tensor \[samples, features\], got shape \[2\]/,
    );
    expect(() => new StandardScaler().fit(x).transform(tensor([[1, 2]]))).toThrow(
      /fitted on 3 features, got shape \[1, 2\]/,
    );
  });
});

import { describe, expect, test } from 'vitest';
import { arange, tensor } from '../../src/tensor/create.js';
import {
  kFold,
  randomSplit,
  splitSizes,
  stratifiedKFold,
  stratifiedSplit,
  TensorDataset,
  trainTestSplit,
} from '../../src/data/index.js';

const sorted = (a: ArrayLike<number>) => Array.from(a).sort((p, q) => p - q);
const range = (n: number) => [...Array(n).keys()];

describe('splits', () => {
  test('splitSizes: lengths or fractions, remainder to the first parts', () => {
    expect(splitSizes(10, [7, 3])).toEqual([7, 3]);
    expect(splitSizes(10, [0.33, 0.33, 0.34])).toEqual([4, 3, 3]);
    expect(() => splitSizes(10, [5, 4])).toThrow(
      /neither lengths summing to 10 nor fractions summing to 1/,
    );
  });
  test('randomSplit partitions the dataset, reproducibly per seed', () => {
    const ds = new TensorDataset(arange(0, 20, 1, { dtype: 'int32' }));
    const [a, b] = randomSplit(ds, [0.75, 0.25], { seed: 1 });
    expect([a.length, b.length]).toEqual([15, 5]);
    expect(sorted([...a.indices, ...b.indices])).toEqual(range(20));
    expect(Array.from(randomSplit(ds, [15, 5], { seed: 1 })[1].indices)).toEqual(
      Array.from(b.indices),
    );
    expect(b.get(0)[0].item()).toBe(b.indices[0]);
  });
  test('stratifiedSplit keeps class proportions', () => {
    const y = Int32Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : i < 95 ? 1 : 2));
    const ds = new TensorDataset(tensor(y));
    const [train, test] = stratifiedSplit(ds, y, [0.8, 0.2], { seed: 3 });
    const count = (idx: Int32Array, c: number) => Array.from(idx).filter((i) => y[i] === c).length;
    expect([0, 1, 2].map((c) => count(train.indices, c))).toEqual([64, 12, 4]);
    expect([0, 1, 2].map((c) => count(test.indices, c))).toEqual([16, 3, 1]);
    expect(sorted([...train.indices, ...test.indices])).toEqual(range(100));
    expect(() => stratifiedSplit(ds, [0, 1], [0.5, 0.5])).toThrow(
      /2 labels for a dataset of 100 samples/,
    );
  });
  test('kFold: contiguous folds as scikit-learn, each sample tested once', () => {
    const folds = kFold(10, 3);
    expect(folds.map((f) => Array.from(f.test))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    const shuffled = kFold({ length: 10 }, 5, { shuffle: true, seed: 2 });
    expect(sorted(shuffled.flatMap((f) => Array.from(f.test)))).toEqual(range(10));
    expect(shuffled.every((f) => f.train.length === 8)).toBe(true);
    expect(() => kFold(3, 4)).toThrow(/k must be an integer in \[2, 3\], got 4/);
  });
  test('stratifiedKFold balances classes over folds', () => {
    const y = Array.from({ length: 30 }, (_, i) => (i < 20 ? 0 : 1));
    const folds = stratifiedKFold(y, 5, { shuffle: true, seed: 0 });
    for (const f of folds) {
      expect(f.test.length).toBe(6);
      expect(Array.from(f.test).filter((i) => y[i] === 1).length).toBe(2);
    }
    expect(sorted(folds.flatMap((f) => Array.from(f.test)))).toEqual(range(30));
  });
  test('trainTestSplit keeps rows aligned', () => {
    const x = arange(0, 40, 1, { dtype: 'float32' }).reshape(20, 2);
    const y = arange(0, 20, 1, { dtype: 'int32' });
    const [xTr, xTe, yTr, yTe] = trainTestSplit([x, y], { testSize: 0.25, seed: 4 });
    expect([xTr.shape, xTe.shape, yTr.shape, yTe.shape]).toEqual([[15, 2], [5, 2], [15], [5]]);
    expect((xTe.toArray() as number[][]).map((r) => r[0] / 2)).toEqual(yTe.toArray());
    const labels = tensor(Int32Array.from({ length: 20 }, (_, i) => i % 2));
    const [, , , ys] = trainTestSplit([x, labels], { testSize: 0.5, seed: 1, stratify: labels });
    expect((ys.toArray() as number[]).reduce((a, b) => a + b, 0)).toBe(5);
  });
});

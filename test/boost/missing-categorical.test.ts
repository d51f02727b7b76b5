import { describe, expect, test } from 'vitest';
import { mulberry32, train } from '../../src/boost/index.js';

const stump = { nEstimators: 1, maxDepth: 1, lambda: 0, learningRate: 1, minChildWeight: 0 };

describe('missing values', () => {
  test('the default direction is learned: missing rows join the side they resemble', () => {
    // x ≤ 2 → 0, x ≥ 3 → 10, and the rows with x missing also have y = 10
    const X = [[1], [2], [3], [4], [NaN], [NaN]];
    const y = [0, 0, 10, 10, 10, 10];
    const b = train(stump, { X, y });
    expect(b.trees[0].threshold[0]).toBe(2.5);
    expect(b.trees[0].defaultLeft[0]).toBe(0);
    expect(Array.from(b.predict([[NaN], [0], [9]]))).toEqual([10, 0, 10]);
    // and the other way round
    const b2 = train(stump, { X, y: [10, 10, 0, 0, 10, 10] });
    expect(b2.trees[0].defaultLeft[0]).toBe(1);
    expect(Array.from(b2.predict([[null as unknown as number]]))).toEqual([10]);
  });

  test('"is missing" alone can be the split', () => {
    const X = [[1], [2], [3], [NaN], [NaN]];
    const b = train(stump, { X, y: [0, 0, 0, 7, 7] });
    expect(b.predict([[1], [100], [NaN]])).toBeAllClose([0, 0, 7], { atol: 1e-12 });
  });

  test('missing values at prediction only follow the larger side', () => {
    const b = train(stump, { X: [[1], [2], [3], [4], [5]], y: [0, 0, 5, 5, 5] });
    expect(b.predict([[NaN]])[0]).toBe(5);
  });
});

describe('categorical features', () => {
  test('many categories: the optimal partition in one split (sorted by gradient ratio)', () => {
    // 8 categories, the even codes have y = 1: no threshold on the codes separates them
    const X = Array.from({ length: 80 }, (_, i) => [i % 8]);
    const y = X.map(([c]) => (c % 2 === 0 ? 1 : 0));
    const b = train({ ...stump, categoricalFeatures: [0] }, { X, y });
    expect(b.trees[0].data.catLeft[0]!.length).toBe(4);
    expect(b.predict([[0], [1], [2], [3], [6], [7]])).toBeAllClose([1, 0, 1, 0, 1, 0], { atol: 1e-12 });
    // the same feature as numeric needs many splits
    const numeric = train(stump, { X, y });
    expect(numeric.predict([[0], [1]])).not.toBeAllClose([1, 0], { atol: 0.1 });
  });

  test('few categories: one category against the rest', () => {
    const X = Array.from({ length: 30 }, (_, i) => [i % 3]);
    const y = X.map(([c]) => (c === 1 ? 5 : 0));
    const b = train({ ...stump, categoricalFeatures: [0] }, { X, y });
    expect(b.trees[0].data.catLeft[0]).toEqual([1]);
    expect(b.predict([[0], [1], [2]])).toBeAllClose([0, 5, 0]);
  });

  test('unseen categories and missing values go the default way', () => {
    const X = [...Array.from({ length: 40 }, (_, i) => [i % 8]), [NaN], [NaN]];
    const y = X.map(([c]) => (Number.isNaN(c) ? 1 : c % 2 === 0 ? 1 : 0));
    const b = train({ ...stump, categoricalFeatures: [0] }, { X, y });
    const t = b.trees[0];
    const missingGoesTo = t.defaultLeft[0] ? t.left[0] : t.right[0];
    const predMissing = b.predict([[NaN]])[0];
    expect(predMissing).toBeCloseTo(b.info.baseScore[0] + t.value[missingGoesTo], 12);
    expect(predMissing).toBeCloseTo(1, 12);
    expect(b.predict([[99]])[0]).toBe(predMissing); // category 99 was never seen
  });

  test('categorical codes must be non-negative integers', () => {
    expect(() => train({ categoricalFeatures: [0] }, { X: [[0], [1.5]], y: [0, 1] })).toThrow(
      /categorical feature 0 needs non-negative integer codes, got 1.5 in row 1/,
    );
  });
});

describe('monotone constraints', () => {
  test('predictions never decrease along a +1 feature, or increase along a −1 one', () => {
    const rng = mulberry32(3);
    const X = Array.from({ length: 400 }, () => [rng() * 10, rng() * 10]);
    // noisy and non-monotone in x0 (a dip around 5), decreasing in x1 plus noise
    const y = X.map(([a, b]) => a - 3 * Math.exp(-((a - 5) ** 2)) - 0.5 * b + (rng() - 0.5) * 4);
    const b = train({ nEstimators: 50, maxDepth: 4, learningRate: 0.3, monotoneConstraints: [1, -1] }, { X, y });
    const free = train({ nEstimators: 50, maxDepth: 4, learningRate: 0.3 }, { X, y });
    const grid = (other: number, axis: 0 | 1) =>
      Array.from({ length: 101 }, (_, i) => (axis === 0 ? [i / 10, other] : [other, i / 10]));
    const diffs = (p: Float64Array) => Array.from(p.subarray(1), (v, i) => v - p[i]);
    for (const other of [1, 5, 9]) {
      expect(Math.min(...diffs(b.predict(grid(other, 0))))).toBeGreaterThanOrEqual(0);
      expect(Math.max(...diffs(b.predict(grid(other, 1))))).toBeLessThanOrEqual(0);
    }
    expect(Math.min(...diffs(free.predict(grid(5, 0))))).toBeLessThan(0); // the constraint did something
  });
});

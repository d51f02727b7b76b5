import { describe, expect, test } from 'vitest';
import { quantileCuts } from '../../src/boost/binning.js';
import { train } from '../../src/boost/index.js';

// Four rows, one feature, squared error: every number below is worked out by hand.
const X = [[1], [2], [3], [4]];
const y = [1, 1, 3, 3];

describe('a hand-computable dataset', () => {
  test('one stump with λ = 0 and η = 1 fits exactly', () => {
    // base = mean(y) = 2; g = f − y = [1, 1, −1, −1], h = 1. The cut between 2 and 3 gives
    // gain = G_L²/H_L + G_R²/H_R − G²/H = 4/2 + 4/2 − 0 = 4 and weights −G/H = ∓1.
    const b = train({ nEstimators: 1, maxDepth: 1, lambda: 0, learningRate: 1, minChildWeight: 0 }, { X, y });
    expect(b.info.baseScore).toEqual([2]);
    expect(b.dump()).toBe(
      'booster[0]:\n0:[f0<=2.5] yes=1,no=2,missing=1 gain=4 cover=4\n\t1:leaf=-1 cover=2\n\t2:leaf=1 cover=2\n',
    );
    expect(Array.from(b.predict(X))).toEqual([1, 1, 3, 3]);
  });

  test('two rounds with λ = 1 and η = 0.5', () => {
    // round 1: w = −G/(H + λ) = ∓2/3, times η: ∓1/3 → predictions 5/3, 7/3
    // round 2: g = [2/3, 2/3, −2/3, −2/3]; w = ∓(4/3)/3 = ∓4/9, times η: ∓2/9 → 13/9, 23/9
    const b = train({ nEstimators: 2, maxDepth: 1, lambda: 1, learningRate: 0.5, minChildWeight: 0 }, { X, y });
    expect(b.trees[0].value[1]).toBeCloseTo(-1 / 3, 14);
    expect(b.trees[0].gain[0]).toBeCloseTo(4 / 3 + 4 / 3, 14);
    expect(b.trees[1].value[2]).toBeCloseTo(2 / 9, 14);
    expect(b.predict(X)).toBeAllClose([13 / 9, 13 / 9, 23 / 9, 23 / 9], { rtol: 0, atol: 1e-14 });
    expect(b.predict(X, { iterations: 1 })).toBeAllClose([5 / 3, 5 / 3, 7 / 3, 7 / 3], { rtol: 0, atol: 1e-14 });
  });

  test('L1: the gradient sum is soft-thresholded by α', () => {
    // G_L = 2, α = 1 → T(G_L) = 1, w = −1/(2 + 0) = −0.5
    const b = train({ nEstimators: 1, maxDepth: 1, lambda: 0, alpha: 1, learningRate: 1, minChildWeight: 0 }, { X, y });
    expect(b.predict(X)).toBeAllClose([1.5, 1.5, 2.5, 2.5], { atol: 1e-14 });
  });

  test('min split gain (γ) prunes a split worth less', () => {
    const b = train({ nEstimators: 1, maxDepth: 1, lambda: 0, learningRate: 1, minChildWeight: 0, minSplitGain: 4.5 }, { X, y });
    expect(b.trees[0].nodeCount).toBe(1);
    expect(b.predict(X)).toBeAllClose([2, 2, 2, 2]);
  });

  test('min child weight and min samples per leaf forbid small children', () => {
    const Xs = [[1], [2], [3], [4], [5], [6]];
    const ys = [0, 0, 0, 0, 0, 10];
    const free = train({ nEstimators: 1, maxDepth: 1, lambda: 0, learningRate: 1, minChildWeight: 0 }, { X: Xs, y: ys });
    expect(free.trees[0].threshold[0]).toBe(5.5); // isolates the outlier
    const held = train({ nEstimators: 1, maxDepth: 1, lambda: 0, learningRate: 1, minSamplesLeaf: 2 }, { X: Xs, y: ys });
    expect(held.trees[0].threshold[0]).toBe(4.5);
    const heavy = train({ nEstimators: 1, maxDepth: 1, lambda: 0, learningRate: 1, minChildWeight: 3 }, { X: Xs, y: ys });
    expect(heavy.trees[0].threshold[0]).toBe(3.5);
  });

  test('depth-wise and leaf-wise growth', () => {
    const Xs = Array.from({ length: 64 }, (_, i) => [i % 8, Math.floor(i / 8)]);
    const ys = Xs.map(([a, b]) => (a > 3 ? 10 : 0) + (b > 5 ? 1 : 0) + (a === 0 ? 5 : 0));
    const deep = train({ nEstimators: 1, maxDepth: 2, learningRate: 1, lambda: 0 }, { X: Xs, y: ys });
    expect(deep.trees[0].depth()).toBe(2);
    expect(deep.trees[0].nodeCount).toBe(7);
    // leaf-wise with 3 leaves: a > 3 first; then in the left half (mean 1.5) isolating a = 0 cuts the
    // squared error by 8·24/32·5² = 150, more than the right half's b > 5 split (6)
    const leafy = train({ nEstimators: 1, maxDepth: 0, maxLeaves: 3, growPolicy: 'lossguide', learningRate: 1, lambda: 0 },
      { X: Xs, y: ys });
    expect(leafy.trees[0].nodeCount).toBe(5);
    expect(leafy.predict([[0, 0], [2, 0], [6, 7]])).toBeAllClose([5.25, 0.25, 10.25]);
  });
});

describe('binning', () => {
  test('few distinct values get one bin each, cut at midpoints', () => {
    expect(Array.from(quantileCuts(Float64Array.from([1, 1, 2, 4, 4, 4]), 8))).toEqual([1.5, 3]);
  });
  test('many values: equal-frequency bins that never split equal values', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i);
    expect(Array.from(quantileCuts(v, 4))).toEqual([24.5, 49.5, 74.5]);
    const heavy = Float64Array.from([...new Array(60).fill(0), ...Array.from({ length: 40 }, (_, i) => i + 1)]);
    const cuts = Array.from(quantileCuts(heavy, 4));
    expect(cuts[0]).toBe(0.5); // the 60 zeros share one bin
    expect(cuts.length).toBe(3);
  });
});

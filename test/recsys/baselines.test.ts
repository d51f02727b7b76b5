import { describe, expect, test } from 'vitest';
import { BaselineBiases, GlobalMean, Interactions, Popularity, recommend } from '../../src/recsys/index.js';

// u0: i0 = 5, i1 = 3; u1: i0 = 4 (μ = 4)
const data = Interactions.fromTriples([
  { user: 'u0', item: 'i0', value: 5 },
  { user: 'u0', item: 'i1', value: 3 },
  { user: 'u1', item: 'i0', value: 4 },
]);

describe('baselines', () => {
  test('global mean', () => {
    expect(new GlobalMean().fit(data).predict()).toBe(4);
  });

  test('one unregularised alternating pass matches the hand computation', () => {
    // b_i0 = ((5−4) + (4−4)) / 2 = 0.5, b_i1 = (3−4) / 1 = −1,
    // b_u0 = ((5−4−0.5) + (3−4+1)) / 2 = 0.25, b_u1 = (4−4−0.5) / 1 = −0.5
    const m = new BaselineBiases({ regItem: 0, regUser: 0, epochs: 1 }).fit(data);
    expect(m.itemBias).toBeAllClose([0.5, -1]);
    expect(m.userBias).toBeAllClose([0.25, -0.5]);
    expect(m.predict(1, 1)).toBeCloseTo(3, 12); // 4 − 0.5 − 1 = 2.5, clipped to the scale [3, 5]
  });

  test('regularisation shrinks biases toward zero: b_i0 = 1/(10 + 2) with λ_i = 10', () => {
    const m = new BaselineBiases({ regItem: 10, regUser: 1e9, epochs: 1 }).fit(data);
    expect(m.itemBias[0]).toBeCloseTo(1 / 12, 12);
  });

  test('popularity recommends the most interacted unseen item', () => {
    const p = new Popularity().fit(data);
    expect(Array.from(p.counts)).toEqual([2, 1]);
    expect(Array.from(recommend(p, data, 1, 5))).toEqual([1]);
  });
});

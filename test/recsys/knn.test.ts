import { describe, expect, test } from 'vitest';
import { Interactions, ItemKnn, recommend, UserKnn } from '../../src/recsys/index.js';

// binary: u0 {i0, i1}, u1 {i0, i1, i2}, u2 {i2}; item vectors over users:
// i0 = i1 = (1, 1, 0), i2 = (0, 1, 1) → cos(i0, i1) = 1, cos(i0, i2) = cos(i1, i2) = 1/2
const implicit = Interactions.fromTriples(
  [['u0', 'i0'], ['u0', 'i1'], ['u1', 'i0'], ['u1', 'i1'], ['u1', 'i2'], ['u2', 'i2']].map(([user, item]) => ({ user, item })),
  { explicit: false },
);

describe('item-based k-NN', () => {
  test('cosine neighbour lists match the hand computation', () => {
    const m = new ItemKnn({ implicit: true }).fit(implicit);
    const { indptr, indices, sims } = m.graph;
    expect(Array.from(indices.subarray(indptr[0], indptr[1]))).toEqual([1, 2]);
    expect(sims.subarray(indptr[0], indptr[1])).toBeAllClose([1, 0.5]);
    expect(sims.subarray(indptr[2], indptr[3])).toBeAllClose([0.5, 0.5]);
  });

  test('top-N score sums similarities to the user’s items', () => {
    const m = new ItemKnn({ implicit: true }).fit(implicit);
    const s = m.scoreItems(0, new Float64Array(3)); // u0: i2 gets s(i0,i2) + s(i1,i2) = 1
    expect(s[2]).toBeCloseTo(1, 12);
    expect(Array.from(recommend(m, implicit, 2, 2))).toEqual([0, 1]); // u2 gets i0, i1 (0.5 each)
  });

  test('rating prediction: Σ s·r / Σ s over the rated neighbours (no centring)', () => {
    // ratings u0: i0 = 5, i1 = 3; u1: i0 = 4, i1 = 2, i2 = 1; u2: i1 = 4, i2 = 5
    const d = Interactions.fromTriples([
      { user: 'u0', item: 'i0', value: 5 }, { user: 'u0', item: 'i1', value: 3 },
      { user: 'u1', item: 'i0', value: 4 }, { user: 'u1', item: 'i1', value: 2 }, { user: 'u1', item: 'i2', value: 1 },
      { user: 'u2', item: 'i1', value: 4 }, { user: 'u2', item: 'i2', value: 5 },
    ]);
    const m = new ItemKnn({ similarity: 'cosine', centring: 'none' }).fit(d);
    // i0 = (5, 4, 0), i1 = (3, 2, 4), i2 = (0, 1, 5)
    const s01 = (15 + 8) / (Math.sqrt(41) * Math.sqrt(29));
    const s02 = 4 / (Math.sqrt(41) * Math.sqrt(26));
    expect(m.predict(2, 0)).toBeCloseTo((s01 * 4 + s02 * 5) / (s01 + s02), 12);
  });

  test('pearson-baseline with shrinkage damps pairs with few common raters', () => {
    const d = Interactions.fromTriples([
      { user: 'a', item: 'x', value: 5 }, { user: 'a', item: 'y', value: 4 },
      { user: 'b', item: 'x', value: 1 }, { user: 'b', item: 'y', value: 2 },
    ]);
    const raw = new ItemKnn({ similarity: 'pearson', shrinkage: 0 }).fit(d);
    const shrunk = new ItemKnn({ similarity: 'pearson', shrinkage: 2 }).fit(d);
    // centred x = (2, −2), y = (1, −1): pearson 1; shrunk by 2/(2 + 2)
    expect(raw.graph.sims[0]).toBeCloseTo(1, 12);
    expect(shrunk.graph.sims[0]).toBeCloseTo(0.5, 12);
  });
});

describe('user-based k-NN', () => {
  test('users with identical histories are similarity-1 neighbours', () => {
    // u0 and u1 both saw i0, i1 (cos = 2/(√2·√3)); u2 shares only i2 with u1
    const m = new UserKnn({ implicit: true }).fit(implicit);
    const { indptr, indices, sims } = m.graph;
    expect(Array.from(indices.subarray(indptr[0], indptr[1]))).toEqual([1]);
    expect(sims[indptr[0]]).toBeCloseTo(2 / (Math.sqrt(2) * Math.sqrt(3)), 12);
    expect(Array.from(recommend(m, implicit, 0, 1))).toEqual([2]); // u1’s other item
  });
});

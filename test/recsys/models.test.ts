import { describe, expect, test } from 'vitest';
import { BiasedSvd, Ease, evaluateRatings, ImplicitAls, Interactions, loadMovieLensFold, recommend } from '../../src/recsys/index.js';
import { ratingPresets } from '../../src/recsys/presets.js';
import { sharedData } from '../helpers/data.js';

/** users × items from a dense grid of values (NaN = missing). */
function grid(values: number[][], explicit = true): Interactions {
  const t: { user: string; item: string; value: number }[] = [];
  values.forEach((row, u) => row.forEach((v, i) => Number.isNaN(v) || t.push({ user: `u${u}`, item: `i${i}`, value: v })));
  return Interactions.fromTriples(t, { explicit });
}

describe('biased SVD', () => {
  test('fits a fully observed rank-1 matrix with biases almost exactly', () => {
    // r_ui = 3 + a_u·b_i
    const a = [1, -1, 0.5, -0.5, 0.8];
    const b = [1, 0.6, -0.7, -1, 0.2, 0.4];
    const d = grid(a.map((x) => b.map((y) => 3 + x * y)));
    const m = new BiasedSvd({ factors: 2, epochs: 400, lr: 0.02, reg: 0, seed: 1 }).fit(d);
    expect(evaluateRatings(m, d).rmse).toBeLessThan(0.02);
  });

  test('acceptance (u1 only, the 5-fold table is in bench/recsys.ts): RMSE ≤ 0.93', () => {
    const { train, test } = loadMovieLensFold(sharedData('movielens-100k'), 1);
    const m = new BiasedSvd(ratingPresets.svd).fit(train);
    const r = evaluateRatings(m, test);
    expect(r.rmse).toBeLessThanOrEqual(0.93);
    expect(r.mae).toBeLessThan(0.74);
  });
});

describe('implicit ALS', () => {
  // two blocks of users with disjoint tastes; u0 has not seen i2 yet, which its block likes
  const d = grid([
    [1, 1, NaN, NaN, NaN, NaN],
    [1, 1, 1, NaN, NaN, NaN],
    [1, NaN, 1, NaN, NaN, NaN],
    [NaN, NaN, NaN, 1, 1, 1],
    [NaN, NaN, NaN, 1, 1, NaN],
    [NaN, NaN, NaN, NaN, 1, 1],
  ], false);

  test('recommends within the user’s block (Cholesky and CG agree on the top item)', () => {
    for (const solver of ['cholesky', 'cg'] as const) {
      const m = new ImplicitAls({ factors: 2, reg: 0.1, alpha: 10, iterations: 20, solver, seed: 3 }).fit(d);
      expect(Array.from(recommend(m, d, 0, 1))).toEqual([2]);
      expect(Array.from(recommend(m, d, 4, 1))).toEqual([5]);
    }
  });

  test('a Cholesky step solves the normal equations exactly', () => {
    const m = new ImplicitAls({ factors: 2, reg: 0.5, alpha: 3, iterations: 1, seed: 2 }).fit(d);
    // the last half-step solved the items given the users: for item 0 (seen by u0, u1, u2)
    // (XᵀX + Xᵀ(C − I)X + λI) y = XᵀC p with c = 1 + α on the seen users
    const X = m.userFactors;
    const A = [[0.5, 0], [0, 0.5]];
    const rhs = [0, 0];
    for (let u = 0; u < 6; u++) {
      const c = u < 3 ? 4 : 1;
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) A[a][b] += c * X[u * 2 + a] * X[u * 2 + b];
        if (u < 3) rhs[a] += c * X[u * 2 + a];
      }
    }
    const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    const y = [(A[1][1] * rhs[0] - A[0][1] * rhs[1]) / det, (A[0][0] * rhs[1] - A[1][0] * rhs[0]) / det];
    expect(m.itemFactors.subarray(0, 2)).toBeAllClose(y, { rtol: 1e-9, atol: 1e-12 });
  });
});

describe('EASE', () => {
  test('two items: B₀₁ = G₀₁/(G₀₀ + λ), the hand-computed closed form', () => {
    // users {i0, i1}, {i0}, {i1}, {i0, i1}: G = [[3, 2], [2, 3]]; λ = 1 → P ∝ [[4, −2], [−2, 4]]
    const d = grid([[1, 1], [1, NaN], [NaN, 1], [1, 1]], false);
    const m = new Ease({ lambda: 1 }).fit(d);
    expect(m.weights).toBeAllClose([0, 0.5, 0.5, 0], { atol: 1e-7 });
    expect(m.scoreItems(1, new Float64Array(2))[1]).toBeCloseTo(0.5, 6);
  });

  test('maxItems keeps only the most popular items; the rest score −∞', () => {
    const d = grid([[1, 1, NaN], [1, NaN, NaN], [1, 1, 1]], false);
    const m = new Ease({ lambda: 1, maxItems: 2 }).fit(d);
    expect(Array.from(m.itemsKept)).toEqual([0, 1]);
    expect(m.scoreItems(1, new Float64Array(3))[2]).toBe(-Infinity);
  });
});

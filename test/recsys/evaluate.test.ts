import { describe, expect, test } from 'vitest';
import { evaluateRanking, evaluateRatings, Interactions, rankingMetrics, topN, type Recommender } from '../../src/recsys/index.js';

describe('ranking metrics against hand-computed values', () => {
  test('one list: P, R, AP, NDCG, hit, RR', () => {
    // ranked [7, 3, 5, 1], relevant {3, 1, 9}, k = 4: hits at ranks 2 and 4
    const m = rankingMetrics([7, 3, 5, 1], new Set([3, 1, 9]), 4);
    expect(m.precision).toBeCloseTo(2 / 4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.map).toBeCloseTo((1 / 2 + 2 / 4) / 3, 12); // min(k, |rel|) = 3
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12);
    expect(m.hit).toBe(1);
    expect(m.mrr).toBeCloseTo(1 / 2, 12);
  });

  test('a short list counts missing positions as misses; no hits gives zeros', () => {
    const m = rankingMetrics([4], new Set([4]), 10);
    expect(m.precision).toBeCloseTo(0.1, 12);
    expect(m.ndcg).toBeCloseTo(1, 12);
    expect(m.map).toBeCloseTo(1, 12);
    const z = rankingMetrics([1, 2], new Set([3]), 2);
    expect([z.precision, z.recall, z.map, z.ndcg, z.hit, z.mrr]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('topN excludes seen items and breaks ties by index', () => {
    const seen = Interactions.fromTriples([{ user: 'u', item: 'a' }, { user: 'u', item: 'b' }, { user: 'u', item: 'c' }, { user: 'u', item: 'd' }]).subset([1]);
    expect(Array.from(topN(Float64Array.of(5, 9, 5, 1), 3, seen.byUser(), 0))).toEqual([0, 2, 3]);
  });
});

describe('evaluation over users', () => {
  // 2 users × 4 items; train: u0 saw i0, u1 saw i1; test: u0 likes i1 and i2, u1 likes i3
  const train = Interactions.fromTriples([
    { user: 'u0', item: 'i0', value: 4 }, { user: 'u1', item: 'i1', value: 3 },
    { user: 'u0', item: 'i1', value: 5 }, { user: 'u0', item: 'i2', value: 2 }, { user: 'u1', item: 'i3', value: 1 },
  ]);
  const split = { train: train.subset([0, 1]), test: train.subset([2, 3, 4]) };
  // a fixed scorer: item i scores 10 − i, so seen items must be skipped to reach the rest
  const fixed: Recommender = { name: 'fixed', fit() { return this; }, scoreItems: (_u, out) => out.map((_, i) => 10 - i) };

  test('seen items are excluded, metrics averaged over test users', () => {
    const r = evaluateRanking(fixed, split.train, split.test, { k: 2 });
    // u0 gets [i1, i2]: both relevant; u1 gets [i0, i2]: none relevant
    expect(r.perUser.map((p) => Array.from(p.recommended))).toEqual([[1, 2], [0, 2]]);
    expect(r.precision).toBeCloseTo(0.5, 12);
    expect(r.recall).toBeCloseTo(0.5, 12);
    expect(r.hit).toBeCloseTo(0.5, 12);
    expect(r.coverage).toBeCloseTo(3 / 4, 12);
  });

  test('minRelevance drops low ratings from the relevant set', () => {
    const r = evaluateRanking(fixed, split.train, split.test, { k: 2, minRelevance: 4 });
    expect(r.users).toBe(1);
    expect(r.recall).toBeCloseTo(1, 12);
  });

  test('RMSE and MAE of a constant predictor', () => {
    const r = evaluateRatings({ predict: () => 3 }, split.test); // errors 2, −1, −2
    expect(r.rmse).toBeCloseTo(Math.sqrt(9 / 3), 12);
    expect(r.mae).toBeCloseTo(5 / 3, 12);
  });
});

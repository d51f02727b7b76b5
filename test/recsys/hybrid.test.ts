import { describe, expect, test } from 'vitest';
import { evaluateRanking, explainUser, featureNames, FeatureBuilder, HybridRecommender, Popularity, randomSplit, syntheticInteractions } from '../../src/recsys/index.js';

// the MovieLens acceptance run of the hybrid (several minutes on 2 cores) is in bench/recsys.ts
describe('two-stage hybrid', () => {
  const data = syntheticInteractions({ users: 500, items: 200, interactions: 9000, groups: 8, taste: 0.8, seed: 11 });
  const { train, test: held } = randomSplit(data, { testFraction: 0.2, seed: 2 });

  test('feature rows: one per candidate, named columns, no seen item among the candidates', () => {
    const fb = new FeatureBuilder({ als: { factors: 8, iterations: 5 } }).fit(train);
    const { items, features } = fb.candidates(3, 20);
    expect(features.length).toBe(items.length * featureNames.length);
    expect(items.length).toBeGreaterThanOrEqual(20);
    const U = train.byUser();
    const seen = new Set(U.indices.subarray(U.indptr[3], U.indptr[4]));
    expect(Array.from(items).some((i) => seen.has(i))).toBe(false);
    // ease_rank of EASE's own first candidate is 0
    expect(features[featureNames.indexOf('ease_rank')]).toBe(0);
  });

  test('the boosted ranker over CF candidates beats popularity and explains itself', () => {
    const hybrid = new HybridRecommender({ perModel: 20, models: { als: { factors: 8, iterations: 5 } }, ranker: { nEstimators: 30, maxDepth: 3 } }).fit(train);
    expect(hybrid.trainingRows).toBeGreaterThan(1000);
    const h = evaluateRanking(hybrid, train, held, { k: 10 });
    const p = evaluateRanking(new Popularity().fit(train), train, held, { k: 10 });
    expect(h.ndcg).toBeGreaterThan(p.ndcg);
    const report = explainUser(hybrid, train, 0, 3);
    expect(report.recommendations).toHaveLength(3);
    expect(report.recommendations[0].topFeatures!.length).toBe(3);
  });
});

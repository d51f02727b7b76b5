import { expect, test } from 'vitest';
import { loadMovielensRanking } from '../../bench/boost-data.js';
import { GradientBoostingRanker } from '../../src/boost/index.js';
import { meanOverGroups, ndcgForScores } from '../../src/train/metrics.js';

// Acceptance: LambdaRank on MovieLens 100K, one query per user, relevance = rating (u1 split).
test('MovieLens u1: LambdaRank NDCG@10 beats sorting by item popularity', () => {
  const { train, test: held } = loadMovielensRanking('u1');
  // few rounds and a short truncation keep the test quick; bench/boost.ts reports the 100-round model
  const ranker = new GradientBoostingRanker({ nEstimators: 30, learningRate: 0.2, maxDepth: 5, lambdarankTruncation: 10 })
    .fit(train.X, train.y, { group: train.group });
  const ndcg = meanOverGroups(held.y, ranker.predict(held.X), held.group, ndcgForScores, 10);
  const popularity = meanOverGroups(held.y, held.popularity, held.group, ndcgForScores, 10);
  console.log(`movielens u1 NDCG@10: LambdaRank ${ndcg.toFixed(4)}, popularity ${popularity.toFixed(4)}`);
  expect(ndcg).toBeGreaterThan(popularity + 0.01);
});

import { mae, mapAtK, ndcgAtK, rmse } from '../train/metrics.js';
import type { Interactions } from './interactions.js';
import { recommend, type RatingPredictor, type Recommender } from './recommender.js';

/** Per-user top-k metrics of one ranked list. */
export interface UserMetrics {
  precision: number;
  recall: number;
  map: number;
  ndcg: number;
  hit: number;
  mrr: number;
}

/**
 * Metrics of a ranked list against a set of relevant items (binary relevance):
 * P@k = hits/k, R@k = hits/|rel|, AP@k = Σ_{hits} P@rank / min(k, |rel|),
 * NDCG@k = Σ_{hits} 1/log₂(rank+1) / Σ_{r≤min(k,|rel|)} 1/log₂(r+1), hit = [hits > 0],
 * RR = 1/rank of the first hit.
 * Example: rankingMetrics([3, 1, 2], new Set([1, 9]), 3) // precision 1/3, recall 1/2
 */
export function rankingMetrics(ranked: ArrayLike<number>, relevant: Set<number>, k: number): UserMetrics {
  // relevances in ranked order, padded with zeros to k, then the relevant items that were not
  // retrieved: the shared ndcgAtK and mapAtK then see every relevant item in their ideal
  // ordering and count only the first k positions
  const rel = new Array<number>(k).fill(0);
  let hits = 0;
  let rr = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) {
    if (!relevant.has(ranked[r])) continue;
    rel[r] = 1;
    hits++;
    if (rr === 0) rr = 1 / (r + 1);
  }
  for (let j = hits; j < relevant.size; j++) rel.push(1);
  const none = relevant.size === 0;
  return {
    precision: hits / k,
    recall: none ? 0 : hits / relevant.size,
    map: none ? 0 : mapAtK(rel, k),
    ndcg: none ? 0 : ndcgAtK(rel, k),
    hit: hits > 0 ? 1 : 0,
    mrr: rr,
  };
}

/** Mean top-k metrics over users, with per-user values kept for A/B tests and reports. */
export interface RankingReport extends UserMetrics {
  k: number;
  users: number;
  /** share of the catalogue recommended to at least one user */
  coverage: number;
  /** mean self-information −log₂(popularity share) of recommended items, in bits */
  novelty: number;
  perUser: { user: number; metrics: UserMetrics; recommended: Int32Array }[];
}

export interface RankingOptions {
  k?: number;
  /** test interactions with a value below this are not relevant (default: every one is) */
  minRelevance?: number;
  /** evaluate only these user indices (default: every user with a relevant test item) */
  users?: ArrayLike<number>;
}

/** Relevant test items per user (value ≥ minRelevance), as sets. */
export function relevantItems(test: Interactions, minRelevance = -Infinity): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (let e = 0; e < test.length; e++) {
    if (test.value[e] < minRelevance) continue;
    const u = test.user[e];
    let s = out.get(u);
    if (!s) out.set(u, (s = new Set()));
    s.add(test.item[e]);
  }
  return out;
}

/**
 * Top-k evaluation: for every test user, recommend k items excluding those seen in train and
 * score them against the user's test items; coverage and novelty describe the whole catalogue.
 * Example: evaluateRanking(model, train, test, { k: 10 }).ndcg
 */
export function evaluateRanking(
  model: Recommender,
  train: Interactions,
  test: Interactions,
  { k = 10, minRelevance, users }: RankingOptions = {},
): RankingReport {
  const relevant = relevantItems(test, minRelevance);
  const which = users ? Array.from(users).filter((u) => relevant.has(u)) : [...relevant.keys()].sort((a, b) => a - b);
  const popularity = train.itemCounts();
  const nUsers = Math.max(1, train.byUser().indptr.reduce((n, _, u, p) => n + (u > 0 && p[u] > p[u - 1] ? 1 : 0), 0));
  const shown = new Uint8Array(train.nItems);
  const perUser: RankingReport['perUser'] = [];
  const sum: UserMetrics = { precision: 0, recall: 0, map: 0, ndcg: 0, hit: 0, mrr: 0 };
  let novelty = 0;
  let nRecommended = 0;
  for (const u of which) {
    const recommended = recommend(model, train, u, k);
    const metrics = rankingMetrics(recommended, relevant.get(u)!, k);
    perUser.push({ user: u, metrics, recommended });
    for (const key of Object.keys(sum) as (keyof UserMetrics)[]) sum[key] += metrics[key];
    for (const i of recommended) {
      shown[i] = 1;
      novelty += -Math.log2(Math.max(popularity[i], 1) / nUsers); // unseen items count as seen once
      nRecommended++;
    }
  }
  const n = Math.max(1, which.length);
  let covered = 0;
  for (let i = 0; i < shown.length; i++) covered += shown[i];
  return {
    k,
    users: which.length,
    precision: sum.precision / n,
    recall: sum.recall / n,
    map: sum.map / n,
    ndcg: sum.ndcg / n,
    hit: sum.hit / n,
    mrr: sum.mrr / n,
    coverage: covered / Math.max(1, train.nItems),
    novelty: nRecommended ? novelty / nRecommended : 0,
    perUser,
  };
}

/**
 * RMSE and MAE of predicted ratings over the test interactions.
 * Example: evaluateRatings(svd, test) // { rmse: 0.91, mae: 0.72, n: 20000 }
 */
export function evaluateRatings(model: RatingPredictor, test: Interactions): { rmse: number; mae: number; n: number } {
  const pred = new Float64Array(test.length);
  for (let e = 0; e < test.length; e++) pred[e] = model.predict(test.user[e], test.item[e]);
  return { rmse: rmse(test.value, pred), mae: mae(test.value, pred), n: test.length };
}

import { evaluateRanking, relevantItems, type UserMetrics } from './evaluate.js';
import type { Interactions } from './interactions.js';
import { Rng } from './random.js';
import type { Recommender } from './recommender.js';

export interface AbTestOptions {
  /** per-user metric compared (default ndcg) */
  metric?: keyof UserMetrics;
  k?: number;
  /** share of users served by A (default 0.5) */
  shareA?: number;
  /** bootstrap resamples for the confidence interval (default 2000) */
  bootstrap?: number;
  /** label permutations for the p-value (default 2000) */
  permutations?: number;
  /** two-sided confidence level (default 0.95) */
  confidence?: number;
  minRelevance?: number;
  seed?: number;
}

export interface AbTestResult {
  metric: keyof UserMetrics;
  k: number;
  a: { name: string; users: number; mean: number };
  b: { name: string; users: number; mean: number };
  /** mean(B) − mean(A) */
  difference: number;
  ci: [number, number];
  confidence: number;
  pValue: number;
  significant: boolean;
}

const mean = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : NaN;
};

/**
 * Percentile bootstrap interval of mean(b) − mean(a), resampling each group with replacement
 * independently (the groups are independent users).
 * Example: bootstrapDifference([0.1, 0.2], [0.3, 0.5], { resamples: 1000 }) // [lo, hi]
 */
export function bootstrapDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  { resamples = 2000, confidence = 0.95, seed = 0 } = {},
): [number, number] {
  const rng = new Rng(seed);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < a.length; i++) sa += a[rng.int(a.length)];
    for (let i = 0; i < b.length; i++) sb += b[rng.int(b.length)];
    diffs[r] = sb / b.length - sa / a.length;
  }
  diffs.sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
  return [at(tail), at(1 - tail)];
}

/**
 * Two-sided permutation test of mean(b) − mean(a): the share of random relabellings of the pooled
 * values whose |difference| is at least the observed one, p = (hits + 1) / (permutations + 1).
 * Example: permutationPValue([0, 0, 0], [1, 1, 1]) // 0.1 with few distinct relabellings
 */
export function permutationPValue(a: ArrayLike<number>, b: ArrayLike<number>, { permutations = 2000, seed = 0 } = {}): number {
  const pooled = Float64Array.from([...Array.from(a), ...Array.from(b)]);
  const observed = Math.abs(mean(b) - mean(a));
  const total = pooled.reduce((s, x) => s + x, 0);
  const rng = new Rng(seed);
  let hits = 0;
  for (let p = 0; p < permutations; p++) {
    rng.shuffle(pooled);
    let sa = 0;
    for (let i = 0; i < a.length; i++) sa += pooled[i];
    const d = Math.abs((total - sa) / b.length - sa / a.length);
    if (d >= observed - 1e-12) hits++;
  }
  return (hits + 1) / (permutations + 1);
}

/**
 * Offline A/B test: test users are split at random into group A (served by model a) and group B
 * (model b); each user's top-k metric on their held-out interactions is computed, and the
 * difference of the group means is reported with a bootstrap confidence interval and a
 * permutation p-value.
 * Example: abTest(popularity, hybrid, train, test, { metric: 'ndcg', k: 10 }).pValue
 */
export function abTest(
  a: Recommender,
  b: Recommender,
  train: Interactions,
  test: Interactions,
  options: AbTestOptions = {},
): AbTestResult {
  const { metric = 'ndcg', k = 10, shareA = 0.5, bootstrap = 2000, permutations = 2000, confidence = 0.95, minRelevance, seed = 0 } = options;
  const users = [...relevantItems(test, minRelevance).keys()].sort((x, y) => x - y);
  const rng = new Rng(seed);
  rng.shuffle(users);
  const cut = Math.round(users.length * shareA);
  const perUser = (m: Recommender, us: number[]) =>
    evaluateRanking(m, train, test, { k, minRelevance, users: us.sort((x, y) => x - y) }).perUser.map((p) => p.metrics[metric]);
  const va = perUser(a, users.slice(0, cut));
  const vb = perUser(b, users.slice(cut));
  const pValue = permutationPValue(va, vb, { permutations, seed: seed + 1 });
  return {
    metric,
    k,
    a: { name: a.name, users: va.length, mean: mean(va) },
    b: { name: b.name, users: vb.length, mean: mean(vb) },
    difference: mean(vb) - mean(va),
    ci: bootstrapDifference(va, vb, { resamples: bootstrap, confidence, seed: seed + 2 }),
    confidence,
    pValue,
    significant: pValue < 1 - confidence,
  };
}

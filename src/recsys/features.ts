import { BaselineBiases } from './baselines.js';
import { ImplicitAls, type AlsOptions } from './als.js';
import { Ease, type EaseOptions } from './ease.js';
import type { Interactions } from './interactions.js';
import { ItemKnn, type KnnOptions } from './knn.js';
import { topN, type Recommender } from './recommender.js';

/** Options of the candidate models inside a FeatureBuilder. */
export interface FeatureModels {
  ease?: EaseOptions;
  als?: AlsOptions;
  itemKnn?: KnnOptions;
}

/** Names of the feature columns, in order. */
export const featureNames = [
  'ease', 'ease_rank', 'ease_norm', 'als', 'als_rank', 'als_norm', 'knn', 'knn_rank', 'knn_norm',
  'knn_max_sim', 'baseline', 'item_pop', 'item_mean', 'item_bias', 'item_days_since_last',
  'item_age_days', 'user_activity', 'user_mean', 'user_bias', 'user_days_since_last', 'in_n_lists',
] as const;

const DAY = 86400;

/**
 * The matrix computations behind the boosted ranker: fits the candidate models (EASE, implicit
 * ALS, item-kNN) and the statistics on one training set, then turns (user, candidate) pairs into
 * feature rows: each model's score, its rank among the candidates and the score over the user's
 * best; the largest item–item similarity to the user's history; baseline b_ui; item and user
 * statistics (popularity, mean rating, bias, activity); and recency in days before the training
 * data's last timestamp.
 * Example: const fb = new FeatureBuilder().fit(train);
 *          const { items, features } = fb.candidates(u, 100);
 */
export class FeatureBuilder {
  readonly models: { ease: Ease; als: ImplicitAls; knn: ItemKnn };
  readonly baseline = new BaselineBiases();
  private train: Interactions | null = null;
  private itemStats = { pop: new Float64Array(0), mean: new Float64Array(0), last: new Float64Array(0), first: new Float64Array(0) };
  private userStats = { activity: new Float64Array(0), mean: new Float64Array(0), last: new Float64Array(0) };
  private now = 0;

  constructor(readonly options: FeatureModels = {}) {
    this.models = {
      ease: new Ease({ lambda: 500, ...options.ease }),
      als: new ImplicitAls({ factors: 64, alpha: 5, reg: 50, solver: 'cg', ...options.als }),
      knn: new ItemKnn({ implicit: true, neighbours: 100, ...options.itemKnn }),
    };
  }

  get width(): number {
    return featureNames.length;
  }

  fit(train: Interactions): this {
    this.train = train;
    for (const m of Object.values(this.models)) m.fit(train);
    this.baseline.fit(train);
    const I = train.byItem();
    const U = train.byUser();
    const stats = (m: typeof I) => {
      const count = new Float64Array(m.rows);
      const mean = new Float64Array(m.rows);
      const last = new Float64Array(m.rows).fill(-Infinity);
      const first = new Float64Array(m.rows).fill(Infinity);
      for (let r = 0; r < m.rows; r++) {
        for (let e = m.indptr[r]; e < m.indptr[r + 1]; e++) {
          mean[r] += m.values[e];
          last[r] = Math.max(last[r], m.times[e]);
          first[r] = Math.min(first[r], m.times[e]);
        }
        count[r] = m.indptr[r + 1] - m.indptr[r];
        mean[r] = count[r] ? mean[r] / count[r] : NaN;
      }
      return { count, mean, last, first };
    };
    const is = stats(I);
    const us = stats(U);
    this.itemStats = { pop: is.count, mean: is.mean, last: is.last, first: is.first };
    this.userStats = { activity: us.count, mean: us.mean, last: us.last };
    this.now = train.time.reduce((a, b) => Math.max(a, b), -Infinity);
    return this;
  }

  /**
   * The union of each model's top-`perModel` unseen items for user (in first-seen order: EASE,
   * ALS, kNN) and their feature rows, row-major [items.length, width].
   */
  candidates(user: number, perModel: number): { items: Int32Array; features: Float64Array } {
    const train = this.train!;
    const n = train.nItems;
    const seen = train.byUser();
    const order = [this.models.ease, this.models.als, this.models.knn] as Recommender[];
    const scores = order.map((m) => m.scoreItems(user, new Float64Array(n)));
    const listed = new Map<number, number>();
    for (const s of scores)
      for (const i of topN(Float64Array.from(s), perModel, seen, user)) listed.set(i, (listed.get(i) ?? 0) + 1);
    const items = Int32Array.from(listed.keys());
    const w = this.width;
    const X = new Float64Array(items.length * w);
    const ranks = scores.map((s) => rankWithin(items, s));
    const best = scores.map((s) => items.reduce((b, i) => Math.max(b, s[i]), -Infinity));
    const maxSim = this.maxSimilarity(user, items);
    const uStat = this.userStats;
    const iStat = this.itemStats;
    const bl = this.baseline;
    for (let c = 0; c < items.length; c++) {
      const i = items[c];
      const row = c * w;
      let k = 0;
      for (let m = 0; m < scores.length; m++) {
        const s = Number.isFinite(scores[m][i]) ? scores[m][i] : NaN; // items EASE does not model
        X[row + k++] = s;
        X[row + k++] = ranks[m][c];
        X[row + k++] = best[m] > 0 ? s / best[m] : NaN;
      }
      X[row + k++] = maxSim[c];
      X[row + k++] = bl.baseline(user, i);
      X[row + k++] = Math.log1p(iStat.pop[i]);
      X[row + k++] = iStat.mean[i];
      X[row + k++] = bl.itemBias[i];
      X[row + k++] = (this.now - iStat.last[i]) / DAY;
      X[row + k++] = (this.now - iStat.first[i]) / DAY;
      X[row + k++] = Math.log1p(uStat.activity[user] ?? 0);
      X[row + k++] = uStat.mean[user] ?? NaN;
      X[row + k++] = bl.userBias[user] ?? 0;
      X[row + k++] = (this.now - (uStat.last[user] ?? this.now)) / DAY;
      X[row + k++] = listed.get(i)!;
    }
    return { items, features: X };
  }

  /** max_{j ∈ I_u} s(j, i) over the item-kNN neighbour lists. */
  private maxSimilarity(user: number, items: Int32Array): Float64Array {
    const U = this.train!.byUser();
    const { indptr, indices, sims } = this.models.knn.graph;
    const best = new Float64Array(this.train!.nItems);
    if (user < U.rows)
      for (let e = U.indptr[user]; e < U.indptr[user + 1]; e++) {
        const j = U.indices[e];
        for (let q = indptr[j]; q < indptr[j + 1]; q++) if (sims[q] > best[indices[q]]) best[indices[q]] = sims[q];
      }
    return Float64Array.from(items, (i) => best[i]);
  }
}

/** 0-based rank of each candidate among the candidates by descending score (ties share a rank). */
function rankWithin(items: Int32Array, score: Float64Array): Float64Array {
  const s = Array.from(items, (i) => (Number.isFinite(score[i]) ? score[i] : -Infinity));
  const sorted = s.slice().sort((a, b) => b - a);
  return Float64Array.from(s, (x) => sorted.indexOf(x));
}

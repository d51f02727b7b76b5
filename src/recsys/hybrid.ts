import { GradientBoostingRanker, type EstimatorOptions } from '../boost/index.js';
import { FeatureBuilder, featureNames, type FeatureModels } from './features.js';
import type { Interactions } from './interactions.js';
import type { Recommender } from './recommender.js';
import { perUserRandomSplit } from './split.js';

export interface HybridOptions {
  /** options of the candidate models */
  models?: FeatureModels;
  /** candidates taken from each model's top list (default 50) */
  perModel?: number;
  /** share of each user's training interactions held out to label the ranker's examples */
  holdout?: number;
  /** options of the LambdaRank GradientBoostingRanker */
  ranker?: EstimatorOptions;
  seed?: number;
}

/**
 * The two-stage recommender (the ensemble): EASE, implicit ALS and item-kNN each propose their
 * top items, a FeatureBuilder describes every (user, candidate) pair, and a LambdaRank
 * GradientBoostingRanker orders the candidates. The ranker learns from a per-user holdout of the
 * training data (candidate models fitted on the rest, label = the item was held out); the
 * candidate models are then refitted on all of it.
 * Example: const hybrid = new HybridRecommender({ perModel: 50 }).fit(train);
 *          recommend(hybrid, train, u, 10)
 */
export class HybridRecommender implements Recommender {
  readonly name = 'hybrid';
  readonly options: Required<HybridOptions>;
  features: FeatureBuilder;
  ranker: GradientBoostingRanker;
  /** rows and positive labels the ranker was trained on */
  trainingRows = 0;

  constructor(options: HybridOptions = {}) {
    this.options = {
      models: {},
      perModel: 50,
      holdout: 0.2,
      seed: 0,
      ...options,
      ranker: { nEstimators: 150, learningRate: 0.05, maxDepth: 6, minChildWeight: 1, subsample: 0.8, colsampleBytree: 0.8, seed: 0, ...options.ranker },
    };
    this.features = new FeatureBuilder(this.options.models);
    this.ranker = new GradientBoostingRanker(this.options.ranker);
  }

  fit(train: Interactions): this {
    const { holdout, seed, perModel } = this.options;
    const inner = perUserRandomSplit(train, { testFraction: holdout, seed, minTrain: 2 });
    const stage1 = new FeatureBuilder(this.options.models).fit(inner.train);
    const held = new Map<number, Set<number>>();
    for (let e = 0; e < inner.test.length; e++) {
      const u = inner.test.user[e];
      if (!held.has(u)) held.set(u, new Set());
      held.get(u)!.add(inner.test.item[e]);
    }
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    const group: number[] = [];
    for (const [u, items] of [...held].sort((a, b) => a[0] - b[0])) {
      const c = stage1.candidates(u, perModel);
      const y = Array.from(c.items, (i) => (items.has(i) ? 1 : 0));
      if (!y.some((v) => v)) continue; // a query without positives has no pairs to learn from
      rows.push(c.features);
      labels.push(...y);
      group.push(c.items.length);
    }
    const w = stage1.width;
    const X = new Float64Array(labels.length * w);
    let off = 0;
    for (const r of rows) {
      X.set(r, off);
      off += r.length;
    }
    this.trainingRows = labels.length;
    this.ranker.fit({ data: X, rows: labels.length, cols: w }, labels, { group });
    this.features = new FeatureBuilder(this.options.models).fit(train);
    return this;
  }

  /** Ranker scores for the candidates; every other item scores −∞. */
  scoreItems(user: number, out: Float64Array): Float64Array {
    out.fill(-Infinity);
    const { items, features } = this.features.candidates(user, this.options.perModel);
    if (items.length === 0) return out;
    const s = this.ranker.predict({ data: features, rows: items.length, cols: this.features.width });
    for (let c = 0; c < items.length; c++) out[items[c]] = s[c];
    return out;
  }

  /** The features of one recommendation with the ranker's SHAP contribution of each, largest first. */
  explain(user: number, item: number): { feature: string; value: number; contribution: number }[] {
    const { items, features } = this.features.candidates(user, this.options.perModel);
    const c = items.indexOf(item);
    if (c < 0) return [];
    const w = this.features.width;
    const row = features.subarray(c * w, (c + 1) * w);
    const phi = this.ranker.shap({ data: Float64Array.from(row), rows: 1, cols: w });
    return featureNames
      .map((feature, k) => ({ feature, value: row[k], contribution: phi[k] }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  }
}

import { GradientBoostingRanker, type EstimatorOptions } from '../boost/index.js';
import { rankingMetrics } from './evaluate.js';
import { FeatureBuilder, featureNames, type FeatureModels } from './features.js';
import type { Interactions } from './interactions.js';
import { Rng } from './random.js';
import type { Recommender } from './recommender.js';
import { perUserRandomSplit } from './split.js';

export interface HybridOptions {
  /** options of the candidate models */
  models?: FeatureModels;
  /** candidates taken from each model's top list (default 50) */
  perModel?: number;
  /** share of a holdout user's training interactions held out to label the ranker's examples */
  holdout?: number;
  /** share of users with a holdout (default 0.5, as MovieLens u1 holds out ~40% of half the users) */
  holdoutUsers?: number;
  /** options of the LambdaRank GradientBoostingRanker */
  ranker?: EstimatorOptions;
  /** the users who will be served (e.g. the test users): only they get a holdout, so the ranker
   * and the fusion weights are fitted on the population they will rank for; default: a random share */
  servedUsers?: ArrayLike<number>;
  /** fusion weights of the EASE and ALS ranks; default: chosen on validation users */
  fusion?: { ease: number; als: number };
  seed?: number;
}

/** Ranker inputs: the scale-free features (ranks, scores over the user's best, item statistics),
 * since raw scores change scale between the holdout fit and the final fit. */
export const rankerFeatures = ['ease_rank', 'ease_norm', 'als_rank', 'als_norm', 'knn_rank', 'knn_norm', 'knn_max_sim', 'item_pop', 'in_n_lists'] as const;
/** +1: the score may only rise with the feature, −1: only fall; keeps the trees from inverting a model's order */
const monotone = [-1, 1, -1, 1, -1, 1, 1, 0, 1];
const columns = rankerFeatures.map((f) => featureNames.indexOf(f));
const EASE_RANK = featureNames.indexOf('ease_rank');
const ALS_RANK = featureNames.indexOf('als_rank');
const GRID = [0, 0.5, 1, 2];

interface Groups {
  X: Float64Array;
  full: Float64Array;
  y: number[];
  group: number[];
}

/** 0-based ranks by descending score within each consecutive group. */
function ranksWithin(score: ArrayLike<number>, group: number[]): Float64Array {
  const out = new Float64Array(score.length);
  let off = 0;
  for (const n of group) {
    const idx = Array.from({ length: n }, (_, c) => off + c).sort((a, b) => score[b] - score[a] || a - b);
    idx.forEach((r, k) => (out[r] = k));
    off += n;
  }
  return out;
}

/**
 * The two-stage recommender (the ensemble): EASE, implicit ALS and item-kNN each propose their
 * top items, a FeatureBuilder describes every (user, candidate) pair, and a LambdaRank
 * GradientBoostingRanker orders the candidates; its rank is then fused with the EASE and ALS
 * ranks, score = −(r_ranker + w_e·r_ease + w_a·r_als), with weights chosen on validation users.
 * The ranker learns from a holdout of the training data (candidate models fitted on the rest,
 * label = the item was held out); the candidate models are then refitted on all of it.
 * Example: const hybrid = new HybridRecommender({ perModel: 50 }).fit(train);
 *          recommend(hybrid, train, u, 10)
 */
export class HybridRecommender implements Recommender {
  readonly name = 'hybrid';
  readonly options: Required<Omit<HybridOptions, 'fusion' | 'servedUsers'>> & Pick<HybridOptions, 'fusion' | 'servedUsers'>;
  features: FeatureBuilder;
  ranker: GradientBoostingRanker;
  fusion = { ease: 0, als: 0 };
  /** validation NDCG@10 of the chosen fusion, of the ranker alone and of EASE alone */
  validation = { fused: 0, ranker: 0, ease: 0 };
  /** rows the ranker was trained on */
  trainingRows = 0;

  constructor(options: HybridOptions = {}) {
    this.options = {
      models: {},
      perModel: 50,
      holdout: 0.4,
      holdoutUsers: 0.5,
      seed: 0,
      ...options,
      ranker: { nEstimators: 150, learningRate: 0.1, maxDepth: 4, minChildWeight: 1e-3, subsample: 0.8, seed: 0, monotoneConstraints: monotone, ...options.ranker },
    };
    this.features = new FeatureBuilder(this.options.models);
    this.ranker = new GradientBoostingRanker(this.options.ranker);
  }

  private groups(fb: FeatureBuilder, held: [number, Set<number>][]): Groups {
    const rows: Float64Array[] = [];
    const y: number[] = [];
    const group: number[] = [];
    for (const [u, items] of held) {
      const c = fb.candidates(u, this.options.perModel);
      const labels = Array.from(c.items, (i) => (items.has(i) ? 1 : 0));
      if (!labels.some((v) => v)) continue; // a query without positives has no pairs to learn from
      rows.push(c.features);
      y.push(...labels);
      group.push(c.items.length);
    }
    const w = fb.width;
    const full = new Float64Array(y.length * w);
    rows.reduce((off, r) => (full.set(r, off), off + r.length), 0);
    return { X: select(full, y.length, w), full, y, group };
  }

  fit(train: Interactions): this {
    const { holdout, holdoutUsers, seed, servedUsers } = this.options;
    const inner = perUserRandomSplit(train, servedUsers
      ? { testFraction: holdout, seed, minTrain: 2, users: new Set(Array.from(servedUsers)) }
      : { testFraction: holdout, seed, minTrain: 2, userShare: holdoutUsers });
    const stage1 = new FeatureBuilder(this.options.models).fit(inner.train);
    const held = new Map<number, Set<number>>();
    for (let e = 0; e < inner.test.length; e++) {
      const u = inner.test.user[e];
      if (!held.has(u)) held.set(u, new Set());
      held.get(u)!.add(inner.test.item[e]);
    }
    const users = new Rng(seed + 1).shuffle([...held].sort((a, b) => a[0] - b[0]));
    const half = Math.floor(users.length / 2);
    const A = this.groups(stage1, users.slice(0, half));
    const B = this.groups(stage1, users.slice(half));
    const cols = columns.length;
    if (this.options.fusion) this.fusion = { ...this.options.fusion };
    else {
      // choose the fusion weights on users the ranker did not learn from
      const probe = new GradientBoostingRanker(this.options.ranker).fit({ data: A.X, rows: A.y.length, cols }, A.y, { group: A.group });
      const rr = ranksWithin(probe.predict({ data: B.X, rows: B.y.length, cols }), B.group);
      const w = stage1.width;
      const score = (wr: number, we: number, wa: number) =>
        validationNdcg(B, rr.map((r, k) => -(wr * r + we * B.full[k * w + EASE_RANK] + wa * B.full[k * w + ALS_RANK])));
      let best = -1;
      for (const we of GRID)
        for (const wa of GRID) {
          const s = score(1, we, wa);
          if (s > best) [best, this.fusion] = [s, { ease: we, als: wa }];
        }
      this.validation = { fused: best, ranker: score(1, 0, 0), ease: score(0, 1, 0) };
    }
    const X = new Float64Array(A.X.length + B.X.length);
    X.set(A.X);
    X.set(B.X, A.X.length);
    const y = [...A.y, ...B.y];
    this.trainingRows = y.length;
    this.ranker.fit({ data: X, rows: y.length, cols }, y, { group: [...A.group, ...B.group] });
    this.features = new FeatureBuilder(this.options.models).fit(train);
    return this;
  }

  /** Fused scores for the candidates; every other item scores −∞. */
  scoreItems(user: number, out: Float64Array): Float64Array {
    out.fill(-Infinity);
    const { items, features } = this.features.candidates(user, this.options.perModel);
    const n = items.length;
    if (n === 0) return out;
    const w = this.features.width;
    const r = ranksWithin(this.ranker.predict({ data: select(features, n, w), rows: n, cols: columns.length }), [n]);
    for (let c = 0; c < n; c++)
      out[items[c]] = -(r[c] + this.fusion.ease * features[c * w + EASE_RANK] + this.fusion.als * features[c * w + ALS_RANK]);
    return out;
  }

  /** The ranker's features of one recommendation with their SHAP contributions, largest first. */
  explain(user: number, item: number): { feature: string; value: number; contribution: number }[] {
    const { items, features } = this.features.candidates(user, this.options.perModel);
    const c = items.indexOf(item);
    if (c < 0) return [];
    const w = this.features.width;
    const row = select(features.subarray(c * w, (c + 1) * w), 1, w);
    const phi = this.ranker.shap({ data: row, rows: 1, cols: columns.length });
    return rankerFeatures
      .map((feature, k) => ({ feature: feature as string, value: row[k], contribution: phi[k] }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  }
}

/** The ranker's columns out of full feature rows. */
function select(full: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(rows * columns.length);
  for (let r = 0; r < rows; r++) for (let k = 0; k < columns.length; k++) out[r * columns.length + k] = full[r * width + columns[k]];
  return out;
}

/** Mean NDCG@10 over validation groups, relevant = the labelled candidates. */
function validationNdcg(g: Groups, score: ArrayLike<number>): number {
  let off = 0;
  let s = 0;
  g.group.forEach((n) => {
    const idx = Array.from({ length: n }, (_, c) => off + c).sort((a, b) => score[b] - score[a] || a - b);
    // positions stand in for items: the relevant set is the positions with label 1
    const rel = new Set<number>();
    for (let c = 0; c < n; c++) if (g.y[off + c]) rel.add(off + c);
    s += rankingMetrics(idx.slice(0, 10), rel, 10).ndcg;
    off += n;
  });
  return s / Math.max(1, g.group.length);
}

import type { Interactions } from './interactions.js';
import type { RatingPredictor, Recommender } from './recommender.js';

/**
 * Predicts the global mean rating μ for everyone; ranks nothing (all items tie).
 * Example: new GlobalMean().fit(train).predict(0, 0) // μ
 */
export class GlobalMean implements Recommender, RatingPredictor {
  readonly name = 'global-mean';
  mu = 0;

  fit(train: Interactions): this {
    this.mu = train.mean();
    return this;
  }

  predict(): number {
    return this.mu;
  }

  scoreItems(_user: number, out: Float64Array): Float64Array {
    return out.fill(this.mu);
  }
}

export interface BiasOptions {
  /** λ for item biases (Surprise's reg_i, default 10) */
  regItem?: number;
  /** λ for user biases (Surprise's reg_u, default 15) */
  regUser?: number;
  /** alternating passes (default 10) */
  epochs?: number;
}

/**
 * Koren's baseline b_ui = μ + b_u + b_i, fitted by alternating least squares on the regularised
 * squared error: b_i = Σ_u (r_ui − μ − b_u) / (λ_i + |U_i|), b_u = Σ_i (r_ui − μ − b_i) / (λ_u + |I_u|).
 * Example: new BaselineBiases().fit(train).predict(u, i)
 */
export class BaselineBiases implements Recommender, RatingPredictor {
  readonly name = 'baseline';
  mu = 0;
  userBias: Float64Array = new Float64Array(0);
  itemBias: Float64Array = new Float64Array(0);
  /** ratings are clipped into the observed range */
  range: [number, number] = [-Infinity, Infinity];
  readonly options: Required<BiasOptions>;

  constructor(options: BiasOptions = {}) {
    this.options = { regItem: 10, regUser: 15, epochs: 10, ...options };
  }

  fit(train: Interactions): this {
    const { regItem, regUser, epochs } = this.options;
    const byUser = train.byUser();
    const byItem = train.byItem();
    const mu = (this.mu = train.mean());
    const bu = (this.userBias = new Float64Array(train.nUsers));
    const bi = (this.itemBias = new Float64Array(train.nItems));
    this.range = valueRange(train);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = 0; i < byItem.rows; i++) {
        let s = 0;
        for (let e = byItem.indptr[i]; e < byItem.indptr[i + 1]; e++) s += byItem.values[e] - mu - bu[byItem.indices[e]];
        bi[i] = s / (regItem + byItem.indptr[i + 1] - byItem.indptr[i]);
      }
      for (let u = 0; u < byUser.rows; u++) {
        let s = 0;
        for (let e = byUser.indptr[u]; e < byUser.indptr[u + 1]; e++) s += byUser.values[e] - mu - bi[byUser.indices[e]];
        bu[u] = s / (regUser + byUser.indptr[u + 1] - byUser.indptr[u]);
      }
    }
    return this;
  }

  /** μ + b_u + b_i, with unknown users or items contributing no bias. */
  baseline(user: number, item: number): number {
    return this.mu + (this.userBias[user] ?? 0) + (this.itemBias[item] ?? 0);
  }

  predict(user: number, item: number): number {
    return clip(this.baseline(user, item), this.range);
  }

  scoreItems(user: number, out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.baseline(user, i);
    return out;
  }
}

/**
 * Most popular: every user gets the items with the most interactions in train.
 * Example: recommend(new Popularity().fit(train), train, u, 10)
 */
export class Popularity implements Recommender {
  readonly name = 'popularity';
  counts: Float64Array = new Float64Array(0);

  fit(train: Interactions): this {
    this.counts = train.itemCounts();
    return this;
  }

  scoreItems(_user: number, out: Float64Array): Float64Array {
    out.set(this.counts.subarray(0, out.length));
    return out;
  }
}

/** Smallest and largest value in the data (the rating scale). */
export function valueRange(data: Interactions): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let e = 0; e < data.value.length; e++) {
    lo = Math.min(lo, data.value[e]);
    hi = Math.max(hi, data.value[e]);
  }
  return [lo, hi];
}

export function clip(x: number, [lo, hi]: [number, number]): number {
  return x < lo ? lo : x > hi ? hi : x;
}

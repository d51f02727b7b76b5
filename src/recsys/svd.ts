import { clip, valueRange } from './baselines.js';
import type { Interactions } from './interactions.js';
import { Rng } from './random.js';
import type { RatingPredictor, Recommender } from './recommender.js';

export interface SvdOptions {
  factors?: number;
  epochs?: number;
  /** SGD step size */
  lr?: number;
  /** L2 penalty on biases and factors */
  reg?: number;
  /** the step size is multiplied by this after every epoch */
  lrDecay?: number;
  /** factors start as N(0, initStd²) */
  initStd?: number;
  seed?: number;
}

/**
 * Biased matrix factorisation trained by SGD (Funk's SVD with biases, as Surprise's SVD):
 * r̂_ui = μ + b_u + b_i + q_iᵀp_u, minimising Σ (r_ui − r̂_ui)² + λ(b_u² + b_i² + ‖p_u‖² + ‖q_i‖²).
 * Example: const svd = new BiasedSvd({ factors: 100, epochs: 20 }).fit(train);
 *          svd.predict(u, i) // a rating in the training range
 */
export class BiasedSvd implements Recommender, RatingPredictor {
  readonly name = 'svd';
  readonly options: Required<SvdOptions>;
  mu = 0;
  userBias: Float64Array = new Float64Array(0);
  itemBias: Float64Array = new Float64Array(0);
  /** users × factors and items × factors, row-major */
  userFactors: Float64Array = new Float64Array(0);
  itemFactors: Float64Array = new Float64Array(0);
  range: [number, number] = [-Infinity, Infinity];

  constructor(options: SvdOptions = {}) {
    this.options = { factors: 100, epochs: 20, lr: 0.005, reg: 0.02, lrDecay: 1, initStd: 0.1, seed: 0, ...options };
  }

  fit(train: Interactions): this {
    const { factors: f, epochs, reg, lrDecay, initStd, seed } = this.options;
    const rng = new Rng(seed);
    this.mu = train.mean();
    this.range = valueRange(train);
    const bu = (this.userBias = new Float64Array(train.nUsers));
    const bi = (this.itemBias = new Float64Array(train.nItems));
    const P = (this.userFactors = new Float64Array(train.nUsers * f).map(() => rng.normal() * initStd));
    const Q = (this.itemFactors = new Float64Array(train.nItems * f).map(() => rng.normal() * initStd));
    const { user, item, value } = train;
    const order = Int32Array.from({ length: train.length }, (_, k) => k);
    let lr = this.options.lr;
    for (let epoch = 0; epoch < epochs; epoch++) {
      rng.shuffle(order);
      for (let s = 0; s < order.length; s++) {
        const e = order[s];
        const u = user[e];
        const i = item[e];
        const pu = u * f;
        const qi = i * f;
        let dot = 0;
        for (let k = 0; k < f; k++) dot += P[pu + k] * Q[qi + k];
        const err = value[e] - (this.mu + bu[u] + bi[i] + dot);
        bu[u] += lr * (err - reg * bu[u]);
        bi[i] += lr * (err - reg * bi[i]);
        for (let k = 0; k < f; k++) {
          const p = P[pu + k];
          const q = Q[qi + k];
          // ∂/∂p of the loss is −err·q + λp: both updates use the old values
          P[pu + k] += lr * (err * q - reg * p);
          Q[qi + k] += lr * (err * p - reg * q);
        }
      }
      lr *= lrDecay;
    }
    return this;
  }

  /** μ + b_u + b_i + q_iᵀp_u, unclipped; unknown users or items fall back to what is known. */
  raw(user: number, item: number): number {
    const f = this.options.factors;
    let s = this.mu;
    const knownUser = user >= 0 && user < this.userBias.length;
    const knownItem = item >= 0 && item < this.itemBias.length;
    if (knownUser) s += this.userBias[user];
    if (knownItem) s += this.itemBias[item];
    if (knownUser && knownItem)
      for (let k = 0; k < f; k++) s += this.userFactors[user * f + k] * this.itemFactors[item * f + k];
    return s;
  }

  predict(user: number, item: number): number {
    return clip(this.raw(user, item), this.range);
  }

  scoreItems(user: number, out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.raw(user, i);
    return out;
  }
}

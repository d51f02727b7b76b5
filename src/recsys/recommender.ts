import type { Csr } from './csr.js';
import type { Interactions } from './interactions.js';

/** A model that scores every item for a user; higher means recommend sooner. */
export interface Recommender {
  readonly name: string;
  fit(train: Interactions): this;
  /** Scores of all items for user (an index of the training data) into out (length nItems). */
  scoreItems(user: number, out: Float64Array): Float64Array;
}

/** A model that predicts an explicit rating for any user–item pair. */
export interface RatingPredictor {
  predict(user: number, item: number): number;
}

/** Whether a model also predicts ratings. */
export function isRatingPredictor(m: unknown): m is RatingPredictor {
  return typeof (m as RatingPredictor).predict === 'function';
}

/**
 * The n highest-scoring item indices, best first, skipping the items in row `user` of `exclude`
 * (the items the user has already seen). Ties go to the lower index.
 * Example: topN(scores, 10, train.byUser(), 5)
 */
export function topN(scores: Float64Array, n: number, exclude?: Csr, user = -1): Int32Array {
  const s = scores;
  if (exclude && user >= 0 && user < exclude.rows)
    for (let e = exclude.indptr[user]; e < exclude.indptr[user + 1]; e++) s[exclude.indices[e]] = -Infinity;
  const m = Math.min(n, s.length);
  const best = new Int32Array(m);
  const val = new Float64Array(m).fill(-Infinity);
  let size = 0;
  // insertion into a short sorted list: n ≪ nItems, so this beats sorting all scores
  for (let i = 0; i < s.length; i++) {
    const x = s[i];
    if (x === -Infinity || Number.isNaN(x) || (size === m && x <= val[m - 1])) continue;
    let p = size < m ? size++ : m - 1;
    while (p > 0 && val[p - 1] < x) {
      val[p] = val[p - 1];
      best[p] = best[p - 1];
      p--;
    }
    val[p] = x;
    best[p] = i;
  }
  return best.slice(0, size);
}

/**
 * Top-n recommendations for one user, excluding what they interacted with in train.
 * Example: recommend(model, train, 0, 10) // Int32Array of item indices
 */
export function recommend(model: Recommender, train: Interactions, user: number, n: number): Int32Array {
  const scores = model.scoreItems(user, new Float64Array(train.nItems));
  return topN(scores, n, train.byUser(), user);
}

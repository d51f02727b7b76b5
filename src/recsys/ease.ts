import type { Interactions } from './interactions.js';
import { spdInverse } from './linalg.js';
import type { Recommender } from './recommender.js';

export interface EaseOptions {
  /** L2 penalty λ added to the Gram diagonal (default 500, Steck's value for ML-20M-sized data) */
  lambda?: number;
  /** model only the most popular items (the Gram matrix is items², its inverse items³) */
  maxItems?: number;
  /** use the stored values instead of 1 per interaction */
  useValues?: boolean;
}

/**
 * EASE (Steck 2019), a linear item–item autoencoder with a closed form: with G = XᵀX + λI and
 * P = G⁻¹, B_ij = −P_ij / P_jj off the diagonal and B_jj = 0; the scores of user u are x_u·B.
 * Items outside the modelled set score −∞.
 * Example: const ease = new Ease({ lambda: 500 }).fit(train);
 */
export class Ease implements Recommender {
  readonly name = 'ease';
  readonly options: Required<EaseOptions>;
  /** modelled items (global indices), most popular first */
  itemsKept: Int32Array = new Int32Array(0);
  /** global item → row of B, or −1 */
  position: Int32Array = new Int32Array(0);
  /** m×m weights, row-major, float32 to halve the memory of a dense items² matrix */
  weights: Float32Array = new Float32Array(0);
  private train: Interactions | null = null;

  constructor(options: EaseOptions = {}) {
    this.options = { lambda: 500, maxItems: Infinity, useValues: false, ...options };
  }

  fit(train: Interactions): this {
    this.train = train;
    const { lambda, maxItems, useValues } = this.options;
    const counts = train.itemCounts();
    const order = Int32Array.from({ length: train.nItems }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
    const m = Math.min(train.nItems, maxItems);
    this.itemsKept = order.slice(0, m);
    this.position = new Int32Array(train.nItems).fill(-1);
    this.itemsKept.forEach((item, k) => (this.position[item] = k));
    const U = train.byUser();
    const G = new Float64Array(m * m);
    const pos: number[] = [];
    const val: number[] = [];
    for (let u = 0; u < U.rows; u++) {
      pos.length = val.length = 0;
      for (let e = U.indptr[u]; e < U.indptr[u + 1]; e++) {
        const k = this.position[U.indices[e]];
        if (k < 0) continue;
        pos.push(k);
        val.push(useValues ? U.values[e] : 1);
      }
      for (let a = 0; a < pos.length; a++) {
        const row = pos[a] * m;
        for (let b = 0; b < pos.length; b++) G[row + pos[b]] += val[a] * val[b];
      }
    }
    for (let k = 0; k < m; k++) G[k * m + k] += lambda;
    const P = spdInverse(G, m);
    const W = new Float32Array(m * m);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) W[i * m + j] = i === j ? 0 : -P[i * m + j] / P[j * m + j];
    this.weights = W;
    return this;
  }

  /** s_j = Σ_{i ∈ I_u} x_ui·B_ij. */
  scoreItems(user: number, out: Float64Array): Float64Array {
    out.fill(-Infinity);
    const m = this.itemsKept.length;
    const s = new Float64Array(m);
    const U = this.train?.byUser();
    if (U && user >= 0 && user < U.rows)
      for (let e = U.indptr[user]; e < U.indptr[user + 1]; e++) {
        const k = this.position[U.indices[e]];
        if (k < 0) continue;
        const x = this.options.useValues ? U.values[e] : 1;
        const row = k * m;
        for (let j = 0; j < m; j++) s[j] += x * this.weights[row + j];
      }
    for (let k = 0; k < m; k++) out[this.itemsKept[k]] = s[k];
    return out;
  }
}

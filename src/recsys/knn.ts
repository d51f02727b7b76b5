import { BaselineBiases, clip, valueRange } from './baselines.js';
import type { Csr } from './csr.js';
import type { Interactions } from './interactions.js';
import type { RatingPredictor, Recommender } from './recommender.js';

/**
 * cosine: raw values (1 when implicit) over full vectors; adjusted-cosine: values minus the mean
 * of the other side (the user's mean for item–item); pearson: values minus the entity's own mean;
 * pearson-baseline: values minus Koren's baseline b_ui. The three centred ones are computed over
 * the common support only, as Surprise does, so rarely co-rated pairs are not inflated by norms.
 */
export type Similarity = 'cosine' | 'adjusted-cosine' | 'pearson' | 'pearson-baseline';

export interface KnnOptions {
  /** neighbours that vote in one prediction (default 40) */
  k?: number;
  /** similarities kept per user or item, best first (default 100) */
  neighbours?: number;
  similarity?: Similarity;
  /** sim·n/(n + shrinkage) for n common raters (default 0 for cosine, 100 otherwise) */
  shrinkage?: number;
  /** what predictions deviate from: nothing, the entity's mean, or the baseline b_ui (default baseline) */
  centring?: 'none' | 'mean' | 'baseline';
  /** treat every interaction as 1 (top-N from implicit feedback) */
  implicit?: boolean;
  /** pairs with fewer common raters get no similarity (default 1) */
  minSupport?: number;
}

/**
 * Neighbourhood collaborative filtering, item-based (neighbours are items rated by the user) or
 * user-based (neighbours are users who rated the item). For an entity e (the item, or the user)
 * and the other side o:
 * r̂ = b(o, e) + Σ_{n ∈ N_k(e; o)} s(e, n)·(r(o, n) − b(o, n)) / Σ s(e, n).
 * Example: const knn = new ItemKnn({ similarity: 'pearson-baseline', k: 40 }).fit(train);
 */
abstract class NeighbourhoodModel implements Recommender, RatingPredictor {
  abstract readonly name: string;
  protected abstract readonly itemBased: boolean;
  readonly options: Required<KnnOptions>;
  /** neighbour lists: row e holds its best `neighbours` entities by descending similarity */
  graph: { indptr: Int32Array; indices: Int32Array; sims: Float64Array } = {
    indptr: new Int32Array(1),
    indices: new Int32Array(0),
    sims: new Float64Array(0),
  };
  protected baseline = new BaselineBiases();
  protected entityMean: Float64Array = new Float64Array(0);
  protected mu = 0;
  protected range: [number, number] = [-Infinity, Infinity];
  protected train: Interactions | null = null;

  constructor(options: KnnOptions = {}) {
    const similarity = options.similarity ?? 'cosine';
    this.options = {
      k: 40,
      neighbours: 100,
      similarity,
      shrinkage: similarity === 'cosine' ? 0 : 100,
      centring: 'baseline',
      implicit: false,
      minSupport: 1,
      ...options,
    };
  }

  /** entity × other (items × users for item-based) */
  protected entities(): Csr {
    return this.itemBased ? this.train!.byItem() : this.train!.byUser();
  }

  /** other × entity */
  protected others(): Csr {
    return this.itemBased ? this.train!.byUser() : this.train!.byItem();
  }

  protected base(other: number, entity: number): number {
    const c = this.options.centring;
    if (c === 'none') return 0;
    if (c === 'mean') return this.entityMean[entity] ?? this.mu;
    return this.itemBased ? this.baseline.baseline(other, entity) : this.baseline.baseline(entity, other);
  }

  fit(train: Interactions): this {
    this.train = train;
    this.mu = train.mean();
    this.range = valueRange(train);
    const E = this.entities();
    const O = this.others();
    this.entityMean = rowMeans(E);
    const needBaseline = this.options.centring === 'baseline' || this.options.similarity === 'pearson-baseline';
    if (needBaseline) this.baseline.fit(train);
    const otherMean = rowMeans(O);
    const { similarity, implicit } = this.options;
    // the transformed value x(e, o) whose cosine is the chosen similarity
    const x = (e: number, o: number, v: number): number => {
      if (implicit) return 1;
      if (similarity === 'adjusted-cosine') return v - otherMean[o];
      if (similarity === 'pearson') return v - this.entityMean[e];
      if (similarity === 'pearson-baseline')
        return v - (this.itemBased ? this.baseline.baseline(o, e) : this.baseline.baseline(e, o));
      return v;
    };
    const xE = new Float64Array(E.indices.length);
    for (let e = 0; e < E.rows; e++) for (let p = E.indptr[e]; p < E.indptr[e + 1]; p++) xE[p] = x(e, E.indices[p], E.values[p]);
    const xO = new Float64Array(O.indices.length);
    for (let o = 0; o < O.rows; o++) for (let p = O.indptr[o]; p < O.indptr[o + 1]; p++) xO[p] = x(O.indices[p], o, O.values[p]);
    this.graph = similarityGraph(E, O, xE, xO, {
      fullNorms: similarity === 'cosine',
      shrinkage: this.options.shrinkage,
      minSupport: this.options.minSupport,
      keep: this.options.neighbours,
    });
    return this;
  }

  predict(user: number, item: number): number {
    const [entity, other] = this.itemBased ? [item, user] : [user, item];
    const O = this.others();
    if (!this.train || entity >= this.graph.indptr.length - 1 || other >= O.rows)
      return clip(this.options.centring === 'none' ? this.mu : this.base(other, entity), this.range);
    const { indptr, indices, sims } = this.graph;
    let num = 0;
    let den = 0;
    let used = 0;
    for (let p = indptr[entity]; p < indptr[entity + 1] && used < this.options.k; p++) {
      const n = indices[p];
      const r = lookup(O, other, n);
      if (r === undefined) continue;
      num += sims[p] * (r - this.base(other, n));
      den += sims[p];
      used++;
    }
    const base = this.base(other, entity);
    if (den === 0) return clip(this.options.centring === 'none' ? this.mu : base, this.range);
    return clip(base + num / den, this.range);
  }

  abstract scoreItems(user: number, out: Float64Array): Float64Array;

  /** weight of an interaction when aggregating neighbours for ranking */
  protected weight(other: number, entity: number, v: number): number {
    return this.options.implicit ? 1 : v - this.base(other, entity);
  }
}

/**
 * Item-based k-NN (Sarwar et al.; Deshpande & Karypis for top-N). Ranking score of item i for
 * user u: Σ_{j ∈ I_u, i ∈ N(j)} s(j, i)·w_uj with w = 1 (implicit) or r_uj − b_uj.
 * Example: new ItemKnn({ implicit: true, neighbours: 100 }).fit(train)
 */
export class ItemKnn extends NeighbourhoodModel {
  readonly name = 'itemknn';
  protected readonly itemBased = true;

  scoreItems(user: number, out: Float64Array): Float64Array {
    out.fill(0);
    const U = this.train!.byUser();
    if (user >= U.rows) return out;
    const { indptr, indices, sims } = this.graph;
    for (let p = U.indptr[user]; p < U.indptr[user + 1]; p++) {
      const j = U.indices[p];
      const w = this.weight(user, j, U.values[p]);
      for (let q = indptr[j]; q < indptr[j + 1]; q++) out[indices[q]] += sims[q] * w;
    }
    return out;
  }
}

/**
 * User-based k-NN: score of item i for user u is Σ_{v ∈ N_k(u)} s(u, v)·w_vi.
 * Example: new UserKnn({ similarity: 'pearson', k: 40 }).fit(train).predict(u, i)
 */
export class UserKnn extends NeighbourhoodModel {
  readonly name = 'userknn';
  protected readonly itemBased = false;

  scoreItems(user: number, out: Float64Array): Float64Array {
    out.fill(0);
    const U = this.train!.byUser();
    if (user >= U.rows) return out;
    const { indptr, indices, sims } = this.graph;
    const end = Math.min(indptr[user + 1], indptr[user] + this.options.k);
    for (let q = indptr[user]; q < end; q++) {
      const v = indices[q];
      for (let p = U.indptr[v]; p < U.indptr[v + 1]; p++) out[U.indices[p]] += sims[q] * this.weight(U.indices[p], v, U.values[p]);
    }
    return out;
  }
}

/** Value stored at (row, col), by binary search in the sorted row. */
export function lookup(m: Csr, row: number, col: number): number | undefined {
  let lo = m.indptr[row];
  let hi = m.indptr[row + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = m.indices[mid];
    if (c === col) return m.values[mid];
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function rowMeans(m: Csr): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) s += m.values[p];
    const n = m.indptr[r + 1] - m.indptr[r];
    out[r] = n ? s / n : NaN;
  }
  return out;
}

/**
 * Top-`keep` positive similarities of every row of E (entities × others) by sparse co-occurrence:
 * for entity a, walk its others o and their entities b, accumulating Σ x_a x_b (and the norms over
 * the common support): the cost is Σ_o |E_o|², never a dense entities² matrix.
 */
export function similarityGraph(
  E: Csr,
  O: Csr,
  xE: Float64Array,
  xO: Float64Array,
  { fullNorms = true, shrinkage = 0, minSupport = 1, keep = 100 } = {},
): { indptr: Int32Array; indices: Int32Array; sims: Float64Array } {
  const n = E.rows;
  const norm = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let p = E.indptr[a]; p < E.indptr[a + 1]; p++) s += xE[p] * xE[p];
    norm[a] = Math.sqrt(s);
  }
  const dot = new Float64Array(n);
  const aa = new Float64Array(n);
  const bb = new Float64Array(n);
  const count = new Int32Array(n);
  const touched = new Int32Array(n);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const sims: number[] = [];
  const bestI = new Int32Array(keep);
  const bestS = new Float64Array(keep);
  for (let a = 0; a < n; a++) {
    let nt = 0;
    for (let p = E.indptr[a]; p < E.indptr[a + 1]; p++) {
      const o = E.indices[p];
      const xa = xE[p];
      for (let q = O.indptr[o]; q < O.indptr[o + 1]; q++) {
        const b = O.indices[q];
        if (b === a) continue;
        if (count[b] === 0) touched[nt++] = b;
        const xb = xO[q];
        dot[b] += xa * xb;
        aa[b] += xa * xa;
        bb[b] += xb * xb;
        count[b]++;
      }
    }
    let size = 0;
    for (let t = 0; t < nt; t++) {
      const b = touched[t];
      const den = fullNorms ? norm[a] * norm[b] : Math.sqrt(aa[b] * bb[b]);
      let s = count[b] >= minSupport && den > 0 ? dot[b] / den : 0;
      if (shrinkage > 0) s *= count[b] / (count[b] + shrinkage);
      dot[b] = aa[b] = bb[b] = 0;
      count[b] = 0;
      if (!(s > 0) || (size === keep && s <= bestS[keep - 1])) continue;
      let pos = size < keep ? size++ : keep - 1;
      while (pos > 0 && (bestS[pos - 1] < s || (bestS[pos - 1] === s && bestI[pos - 1] > b))) {
        bestS[pos] = bestS[pos - 1];
        bestI[pos] = bestI[pos - 1];
        pos--;
      }
      bestS[pos] = s;
      bestI[pos] = b;
    }
    for (let t = 0; t < size; t++) {
      indices.push(bestI[t]);
      sims.push(bestS[t]);
    }
    indptr[a + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), sims: Float64Array.from(sims) };
}

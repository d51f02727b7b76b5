import { csrFromCoo, transpose, type Csr } from './csr.js';
import { IdMap } from './ids.js';

/** One interaction given by external ids: an explicit rating or an implicit event (value 1). */
export interface Triple {
  user: string;
  item: string;
  value?: number;
  time?: number;
}

/**
 * A sparse users × items interaction matrix kept as coordinate arrays (one entry per event, in
 * input order) plus lazily built CSR views by user and by item. Splits share the IdMaps of the
 * data they came from, so an index means the same user or item in train and test.
 * Example: const x = Interactions.fromTriples([{ user: '1', item: '10', value: 4 }]);
 *          x.byUser().indices; // Int32Array [0]
 */
export class Interactions {
  private userCsr: Csr | null = null;
  private itemCsr: Csr | null = null;
  /** users × items at construction; later additions to the shared IdMaps do not change it */
  readonly nUsers: number;
  readonly nItems: number;

  constructor(
    readonly users: IdMap,
    readonly items: IdMap,
    readonly user: Int32Array,
    readonly item: Int32Array,
    readonly value: Float64Array,
    readonly time: Float64Array,
    /** true when values are ratings, false for implicit events */
    readonly explicit = true,
  ) {
    const n = user.length;
    if (item.length !== n || value.length !== n || time.length !== n)
      throw new Error(`Interactions: column lengths differ: ${n}, ${item.length}, ${value.length}, ${time.length}`);
    this.nUsers = users.size;
    this.nItems = items.size;
  }

  /** Builds from id triples, adding new ids to the given maps (fresh ones by default). */
  static fromTriples(
    triples: Iterable<Triple>,
    { users = new IdMap(), items = new IdMap(), explicit = true } = {},
  ): Interactions {
    const u: number[] = [];
    const i: number[] = [];
    const v: number[] = [];
    const t: number[] = [];
    for (const x of triples) {
      u.push(users.add(x.user));
      i.push(items.add(x.item));
      v.push(x.value ?? 1);
      t.push(x.time ?? 0);
    }
    return new Interactions(users, items, Int32Array.from(u), Int32Array.from(i),
      Float64Array.from(v), Float64Array.from(t), explicit);
  }

  /** Number of interactions (events, before merging repeats). */
  get length(): number {
    return this.user.length;
  }

  /** The entries at the given positions, sharing this data's id maps. */
  subset(positions: ArrayLike<number>): Interactions {
    const n = positions.length;
    const u = new Int32Array(n);
    const i = new Int32Array(n);
    const v = new Float64Array(n);
    const t = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const p = positions[k];
      u[k] = this.user[p];
      i[k] = this.item[p];
      v[k] = this.value[p];
      t[k] = this.time[p];
    }
    return new Interactions(this.users, this.items, u, i, v, t, this.explicit);
  }

  /** Rows are users, columns items (sorted); repeated pairs keep the latest value. */
  byUser(): Csr {
    return (this.userCsr ??= csrFromCoo(this.nUsers, this.nItems, this.user, this.item, this.value, this.time));
  }

  /** Rows are items, columns users. */
  byItem(): Csr {
    return (this.itemCsr ??= transpose(this.byUser()));
  }

  /** Mean of the stored values (the global mean rating μ). */
  mean(): number {
    let s = 0;
    for (let k = 0; k < this.value.length; k++) s += this.value[k];
    return this.value.length ? s / this.value.length : 0;
  }

  /** Interactions per item (distinct users), the popularity used by baselines and features. */
  itemCounts(): Float64Array {
    const m = this.byItem();
    const out = new Float64Array(this.nItems);
    for (let i = 0; i < m.rows; i++) out[i] = m.indptr[i + 1] - m.indptr[i];
    return out;
  }
}

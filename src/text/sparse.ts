/** Values of a sparse matrix: float64 by default, float32 to halve memory on huge corpora. */
export type Floats = Float64Array | Float32Array;

/**
 * Compressed sparse row matrix, as scipy.sparse.csr_matrix: row i holds the columns
 * indices[indptr[i] … indptr[i+1]) (sorted, unique) with values data[same range].
 * 67,000 documents × 500,000 features with ~20 terms each take ~17 MB (int32 + float64 per entry).
 * Example: const X = CsrMatrix.fromDense([[1, 0], [0, 2]]); X.dot(new Float64Array([1, 1])) // [1, 2]
 */
export class CsrMatrix {
  constructor(
    readonly indptr: Int32Array,
    readonly indices: Int32Array,
    readonly data: Floats,
    readonly shape: readonly [number, number],
  ) {
    if (indptr.length !== shape[0] + 1)
      throw new Error(`CsrMatrix: indptr has ${indptr.length} entries, expected rows + 1 = ${shape[0] + 1}`);
    if (indices.length !== data.length || indptr[shape[0]] !== data.length)
      throw new Error(`CsrMatrix: ${indices.length} indices, ${data.length} values, indptr ends at ${indptr[shape[0]]}`);
  }

  get rows(): number {
    return this.shape[0];
  }

  get cols(): number {
    return this.shape[1];
  }

  /** Number of stored entries. */
  get nnz(): number {
    return this.data.length;
  }

  /** Builds from a dense row-major array of rows, keeping non-zeros. */
  static fromDense(rows: ArrayLike<number>[], cols = rows[0]?.length ?? 0): CsrMatrix {
    const b = new CsrBuilder(cols);
    for (const r of rows) {
      for (let j = 0; j < r.length; j++) if (r[j] !== 0) b.push(j, r[j]);
      b.endRow();
    }
    return b.build();
  }

  /** Dense copy as an array of Float64Array rows (for tests and small matrices). */
  toDense(): Float64Array[] {
    const out = Array.from({ length: this.rows }, () => new Float64Array(this.cols));
    for (let i = 0; i < this.rows; i++)
      for (let p = this.indptr[i]; p < this.indptr[i + 1]; p++) out[i][this.indices[p]] = this.data[p];
    return out;
  }

  /** y = X·w, one dot product per row. */
  dot(w: ArrayLike<number>, out = new Float64Array(this.rows)): Float64Array {
    const { indptr, indices, data } = this;
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * w[indices[p]];
      out[i] = s;
    }
    return out;
  }

  /** g = Xᵀ·v (length cols), accumulated row by row so X is read once in storage order. */
  tdot(v: ArrayLike<number>, out = new Float64Array(this.cols)): Float64Array {
    out.fill(0);
    const { indptr, indices, data } = this;
    for (let i = 0; i < this.rows; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[indices[p]] += data[p] * vi;
    }
    return out;
  }

  /** Z = X·W for W stored feature-major (cols × k, W[j·k + c]); Z is rows × k. */
  dotMany(W: ArrayLike<number>, k: number, out = new Float64Array(this.rows * k)): Float64Array {
    out.fill(0);
    const { indptr, indices, data } = this;
    for (let i = 0; i < this.rows; i++) {
      const zi = i * k;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = data[p];
        const wj = indices[p] * k;
        for (let c = 0; c < k; c++) out[zi + c] += v * W[wj + c];
      }
    }
    return out;
  }

  /** G = Xᵀ·V for V rows × k; G is cols × k (feature-major, the layout of dotMany's W). */
  tdotMany(V: ArrayLike<number>, k: number, out = new Float64Array(this.cols * k)): Float64Array {
    out.fill(0);
    const { indptr, indices, data } = this;
    for (let i = 0; i < this.rows; i++) {
      const vi = i * k;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const gj = indices[p] * k;
        for (let c = 0; c < k; c++) out[gj + c] += x * V[vi + c];
      }
    }
    return out;
  }

  /** The rows listed in `which`, in that order (cross-validation folds, shuffles). */
  selectRows(which: ArrayLike<number>): CsrMatrix {
    const indptr = new Int32Array(which.length + 1);
    for (let r = 0; r < which.length; r++) {
      const i = which[r];
      indptr[r + 1] = indptr[r] + this.indptr[i + 1] - this.indptr[i];
    }
    const indices = new Int32Array(indptr[which.length]);
    const data = new (this.data.constructor as Float64ArrayConstructor)(indices.length);
    for (let r = 0; r < which.length; r++) {
      const i = which[r];
      indices.set(this.indices.subarray(this.indptr[i], this.indptr[i + 1]), indptr[r]);
      data.set(this.data.subarray(this.indptr[i], this.indptr[i + 1]), indptr[r]);
    }
    return new CsrMatrix(indptr, indices, data, [which.length, this.cols]);
  }

  /** Keeps the listed columns, renumbered 0… in the given (increasing) order. */
  selectColumns(keep: ArrayLike<number>): CsrMatrix {
    const map = new Int32Array(this.cols).fill(-1);
    for (let t = 0; t < keep.length; t++) {
      if (t > 0 && keep[t] <= keep[t - 1]) throw new Error('selectColumns: columns must increase');
      map[keep[t]] = t;
    }
    return this.mapColumns(map, keep.length);
  }

  /** Renumbers column j to map[j] (−1 drops it); map must keep the order of kept columns. */
  mapColumns(map: Int32Array, cols: number): CsrMatrix {
    const indptr = new Int32Array(this.rows + 1);
    let n = 0;
    for (let p = 0; p < this.nnz; p++) if (map[this.indices[p]] >= 0) n++;
    const indices = new Int32Array(n);
    const data = new (this.data.constructor as Float64ArrayConstructor)(n);
    let q = 0;
    for (let i = 0; i < this.rows; i++) {
      for (let p = this.indptr[i]; p < this.indptr[i + 1]; p++) {
        const j = map[this.indices[p]];
        if (j < 0) continue;
        indices[q] = j;
        data[q++] = this.data[p];
      }
      indptr[i + 1] = q;
    }
    return new CsrMatrix(indptr, indices, data, [this.rows, cols]);
  }

  /** Same pattern with new values. */
  withData(data: Floats): CsrMatrix {
    return new CsrMatrix(this.indptr, this.indices, data, this.shape);
  }

  /** Every stored value replaced by 1 (presence features for naive Bayes and NB-SVM). */
  binarize(): CsrMatrix {
    return this.withData(new Float64Array(this.nnz).fill(1));
  }

  /** Column j multiplied by s[j]. */
  scaleColumns(s: ArrayLike<number>): CsrMatrix {
    const data = new Float64Array(this.nnz);
    for (let p = 0; p < this.nnz; p++) data[p] = this.data[p] * s[this.indices[p]];
    return this.withData(data);
  }

  /** Rows divided by their l2 (√Σx²) or l1 (Σ|x|) norm; all-zero rows stay zero. */
  normalizeRows(norm: 'l2' | 'l1'): CsrMatrix {
    const data = Float64Array.from(this.data);
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      for (let p = this.indptr[i]; p < this.indptr[i + 1]; p++) s += norm === 'l2' ? data[p] * data[p] : Math.abs(data[p]);
      if (s === 0) continue;
      const inv = 1 / (norm === 'l2' ? Math.sqrt(s) : s);
      for (let p = this.indptr[i]; p < this.indptr[i + 1]; p++) data[p] *= inv;
    }
    return this.withData(data);
  }

  /** Σ_i X[i][j] for every column. */
  columnSums(): Float64Array {
    const out = new Float64Array(this.cols);
    for (let p = 0; p < this.nnz; p++) out[this.indices[p]] += this.data[p];
    return out;
  }
}

/**
 * Appends rows one entry at a time; entries of a row may come in any order and repeat
 * (repeats add up), as when counting the terms of a document.
 */
export class CsrBuilder {
  private indptr: number[] = [0];
  private indices: Int32Array = new Int32Array(1024);
  private data: Float64Array = new Float64Array(1024);
  private n = 0;
  private rowStart = 0;

  constructor(private cols: number) {}

  /** Adds value to (current row, col). */
  push(col: number, value: number): void {
    if (this.n === this.indices.length) {
      const indices = new Int32Array(this.n * 2);
      indices.set(this.indices);
      this.indices = indices;
      const data = new Float64Array(this.n * 2);
      data.set(this.data);
      this.data = data;
    }
    this.indices[this.n] = col;
    this.data[this.n++] = value;
    if (col >= this.cols) this.cols = col + 1;
  }

  /** Closes the current row: sorts its columns and sums duplicates. */
  endRow(): void {
    const start = this.rowStart;
    const end = this.n;
    if (end - start > 1) {
      let sorted = true;
      for (let p = start + 1; p < end; p++) if (this.indices[p] <= this.indices[p - 1]) sorted = false;
      if (!sorted) {
        const order = Array.from({ length: end - start }, (_, t) => start + t);
        order.sort((a, b) => this.indices[a] - this.indices[b]);
        const cols = order.map((p) => this.indices[p]);
        const vals = order.map((p) => this.data[p]);
        let q = start;
        for (let t = 0; t < cols.length; t++) {
          if (t > 0 && cols[t] === cols[t - 1]) this.data[q - 1] += vals[t];
          else {
            this.indices[q] = cols[t];
            this.data[q++] = vals[t];
          }
        }
        this.n = q;
      }
    }
    this.indptr.push(this.n);
    this.rowStart = this.n;
  }

  /** The matrix with at least `cols` columns (vocabulary size). */
  build(cols = this.cols): CsrMatrix {
    if (this.n !== this.rowStart) this.endRow();
    const rows = this.indptr.length - 1;
    return new CsrMatrix(
      Int32Array.from(this.indptr),
      this.indices.slice(0, this.n),
      this.data.slice(0, this.n),
      [rows, Math.max(cols, this.cols)],
    );
  }
}

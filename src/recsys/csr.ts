/**
 * A compressed sparse row matrix: row r holds columns indices[indptr[r]…indptr[r+1]) (sorted,
 * unique) with values and, where known, timestamps at the same positions.
 */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly times: Float64Array;
}

/**
 * Builds a CSR from coordinate triples; a repeated (row, col) keeps the latest entry (by time,
 * then by order), as a user who re-rates an item means the new rating.
 * Example: const m = csrFromCoo(2, 3, Int32Array.of(0, 1), Int32Array.of(2, 0), Float64Array.of(5, 3));
 */
export function csrFromCoo(
  rows: number,
  cols: number,
  row: Int32Array,
  col: Int32Array,
  value: Float64Array,
  time: Float64Array = new Float64Array(row.length),
): Csr {
  const n = row.length;
  // counting sort by row, then sort each row's slice by column
  const counts = new Int32Array(rows + 1);
  for (let e = 0; e < n; e++) counts[row[e] + 1]++;
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const order = new Int32Array(n);
  const fill = counts.slice(0, rows);
  for (let e = 0; e < n; e++) order[fill[row[e]]++] = e;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(n);
  const values = new Float64Array(n);
  const times = new Float64Array(n);
  let nnz = 0;
  for (let r = 0; r < rows; r++) {
    const slice = Array.from(order.subarray(counts[r], counts[r + 1]));
    slice.sort((a, b) => col[a] - col[b] || time[a] - time[b] || a - b);
    for (const e of slice) {
      if (nnz > indptr[r] && indices[nnz - 1] === col[e]) nnz--; // duplicate: the later one wins
      indices[nnz] = col[e];
      values[nnz] = value[e];
      times[nnz] = time[e];
      nnz++;
    }
    indptr[r + 1] = nnz;
  }
  return {
    rows,
    cols,
    indptr,
    indices: indices.slice(0, nnz),
    values: values.slice(0, nnz),
    times: times.slice(0, nnz),
  };
}

/** The transpose (columns become rows), still sorted within rows. */
export function transpose(m: Csr): Csr {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.cols + 1);
  for (let e = 0; e < nnz; e++) indptr[m.indices[e] + 1]++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1] += indptr[c];
  const fill = indptr.slice(0, m.cols);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const times = new Float64Array(nnz);
  for (let r = 0; r < m.rows; r++) {
    for (let e = m.indptr[r]; e < m.indptr[r + 1]; e++) {
      const p = fill[m.indices[e]]++;
      indices[p] = r; // rows visited in order, so each new row stays sorted
      values[p] = m.values[e];
      times[p] = m.times[e];
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, values, times };
}

/** Number of stored entries in row r. */
export function rowLength(m: Csr, r: number): number {
  return r < m.rows ? m.indptr[r + 1] - m.indptr[r] : 0;
}

/** Whether (r, c) is stored, by binary search in the sorted row. */
export function hasEntry(m: Csr, r: number, c: number): boolean {
  if (r >= m.rows) return false;
  let lo = m.indptr[r];
  let hi = m.indptr[r + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.indices[mid];
    if (v === c) return true;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

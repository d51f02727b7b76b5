import type { CsrMatrix } from './sparse.js';

/**
 * χ² statistic of each column against the class, as scikit-learn's chi2 (for non-negative
 * features such as counts or TF-IDF): observed O_cj = Σ_{i∈c} X_ij, expected E_cj = P(c)·Σ_i X_ij,
 * χ²_j = Σ_c (O_cj − E_cj)² / E_cj. Large values mark features whose mass depends on the class.
 * Example: chi2(X, y, 2) // Float64Array of X.cols scores
 */
export function chi2(X: CsrMatrix, y: ArrayLike<number>, nClasses: number): Float64Array {
  if (y.length !== X.rows) throw new Error(`chi2: ${X.rows} rows but ${y.length} labels`);
  const k = nClasses;
  const observed = new Float64Array(X.cols * k);
  const prior = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    const c = y[i];
    prior[c]++;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      if (X.data[p] < 0) throw new Error('chi2: features must be non-negative');
      observed[X.indices[p] * k + c] += X.data[p];
    }
  }
  for (let c = 0; c < k; c++) prior[c] /= X.rows;
  const out = new Float64Array(X.cols);
  for (let j = 0; j < X.cols; j++) {
    let total = 0;
    for (let c = 0; c < k; c++) total += observed[j * k + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = prior[c] * total;
      if (e > 0) s += (observed[j * k + c] - e) ** 2 / e;
    }
    out[j] = s;
  }
  return out;
}

/**
 * Indices of the k largest scores, in increasing index order (ready for selectColumns/restrict).
 * Example: topK(new Float64Array([0.1, 5, 2]), 2) // Int32Array [1, 2]
 */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  const order = Array.from({ length: scores.length }, (_, j) => j);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return Int32Array.from(order.slice(0, Math.min(k, order.length))).sort();
}

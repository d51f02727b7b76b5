// Small dense linear algebra in float64 for the closed-form solvers: matrices are row-major
// Float64Arrays. Sizes are features × features, so plain loops are fast enough.

/**
 * Least squares min ‖A·x − b‖² by Householder QR (A is m × n, m ≥ n, row-major). QR works on A
 * itself rather than AᵀA, so it loses half as many digits as solving the normal equations.
 * Throws when a column is (numerically) a combination of the others.
 * Example: lstsq(Float64Array.of(1, 0, 0, 1, 1, 1), 3, 2, Float64Array.of(1, 2, 3)) // ≈ [1, 2]
 */
export function lstsq(A: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  if (m < n) throw new Error(`lstsq: need at least as many rows as columns, got ${m} × ${n}`);
  const a = A.slice();
  const y = b.slice();
  const diag = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let k = 0; k < n; k++) {
    // Householder vector v for column k below the diagonal: (I − 2vvᵀ/vᵀv) zeroes a[k+1:, k]
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    if (norm <= 1e-12 * scale * Math.sqrt(m))
      throw new Error(
        `lstsq: column ${k} is linearly dependent on the others (collinear features); use a ridge penalty alpha > 0`,
      );
    const alpha = a[k * n + k] > 0 ? -norm : norm; // the sign that avoids cancellation
    a[k * n + k] -= alpha;
    let vtv = 0;
    for (let i = k; i < m; i++) vtv += a[i * n + k] ** 2;
    for (let j = k + 1; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += a[i * n + k] * a[i * n + j];
      const f = (2 * dot) / vtv;
      for (let i = k; i < m; i++) a[i * n + j] -= f * a[i * n + k];
    }
    let dot = 0;
    for (let i = k; i < m; i++) dot += a[i * n + k] * y[i];
    const f = (2 * dot) / vtv;
    for (let i = k; i < m; i++) y[i] -= f * a[i * n + k];
    diag[k] = alpha;
  }
  // back substitution R·x = (Qᵀb)[:n]; R's diagonal is in diag, the rest above a's diagonal
  const x = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k];
    for (let j = k + 1; j < n; j++) s -= a[k * n + j] * x[j];
    x[k] = s / diag[k];
  }
  return x;
}

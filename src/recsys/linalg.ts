/**
 * Dense linear algebra on row-major Float64Arrays, just what ALS (small SPD solves) and EASE (the
 * inverse of an item×item Gram matrix) need. A matrix view is (data, offset, row stride).
 */

/**
 * In-place Cholesky factorisation A = L·Lᵀ of an n×n SPD matrix; the lower triangle becomes L
 * (the upper is left as is). Throws when a pivot is not positive.
 * Example: cholesky(Float64Array.of(4, 2, 2, 3), 2) // L = [[2, 0], [1, √2]]
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
  }
  return a;
}

/**
 * Solves L·Lᵀ·x = b in place in b, given the factor from cholesky: forward then back substitution.
 * Example: choleskySolve(cholesky(A, n), n, b)
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}

/** A strided view of a row-major matrix: element (i, j) is data[off + i·ld + j]. */
interface View {
  data: Float64Array;
  off: number;
  ld: number;
}

const view = (data: Float64Array, off: number, ld: number): View => ({ data, off, ld });

/**
 * C ← β·C + α·A·B for A m×k, B k×n, C m×n views. Loops run i, k, j so the innermost pass streams
 * one row of B into one row of C, with k unrolled by four and j and k tiled so B's tile stays in
 * cache, and two rows of C per pass.
 */
export function gemm(m: number, n: number, k: number, alpha: number, A: View, B: View, beta: number, C: View): void {
  const a = A.data;
  const b = B.data;
  const c = C.data;
  if (beta !== 1)
    for (let i = 0; i < m; i++) {
      const r = C.off + i * C.ld;
      if (beta === 0) c.fill(0, r, r + n);
      else for (let j = 0; j < n; j++) c[r + j] *= beta;
    }
  const JB = 512;
  const KB = 128;
  for (let j0 = 0; j0 < n; j0 += JB) {
    const j1 = Math.min(n, j0 + JB);
    for (let k0 = 0; k0 < k; k0 += KB) {
      const k1 = Math.min(k, k0 + KB);
      let i = 0;
      // two rows of C per pass share each load of B's four rows: 8 multiply-adds per 6 loads
      for (; i + 1 < m; i += 2) {
        const ar = A.off + i * A.ld;
        const as = ar + A.ld;
        const cr = C.off + i * C.ld;
        const cs = cr + C.ld;
        let p = k0;
        for (; p + 3 < k1; p += 4) {
          const a0 = alpha * a[ar + p];
          const a1 = alpha * a[ar + p + 1];
          const a2 = alpha * a[ar + p + 2];
          const a3 = alpha * a[ar + p + 3];
          const e0 = alpha * a[as + p];
          const e1 = alpha * a[as + p + 1];
          const e2 = alpha * a[as + p + 2];
          const e3 = alpha * a[as + p + 3];
          const b0 = B.off + p * B.ld;
          const b1 = b0 + B.ld;
          const b2 = b1 + B.ld;
          const b3 = b2 + B.ld;
          for (let j = j0; j < j1; j++) {
            const x0 = b[b0 + j];
            const x1 = b[b1 + j];
            const x2 = b[b2 + j];
            const x3 = b[b3 + j];
            c[cr + j] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
            c[cs + j] += e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
          }
        }
        for (; p < k1; p++) {
          const a0 = alpha * a[ar + p];
          const e0 = alpha * a[as + p];
          const b0 = B.off + p * B.ld;
          for (let j = j0; j < j1; j++) {
            const x = b[b0 + j];
            c[cr + j] += a0 * x;
            c[cs + j] += e0 * x;
          }
        }
      }
      for (; i < m; i++) {
        const ar = A.off + i * A.ld;
        const cr = C.off + i * C.ld;
        let p = k0;
        for (; p + 3 < k1; p += 4) {
          const a0 = alpha * a[ar + p];
          const a1 = alpha * a[ar + p + 1];
          const a2 = alpha * a[ar + p + 2];
          const a3 = alpha * a[ar + p + 3];
          const b0 = B.off + p * B.ld;
          const b1 = b0 + B.ld;
          const b2 = b1 + B.ld;
          const b3 = b2 + B.ld;
          for (let j = j0; j < j1; j++)
            c[cr + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
        for (; p < k1; p++) {
          const a0 = alpha * a[ar + p];
          const b0 = B.off + p * B.ld;
          for (let j = j0; j < j1; j++) c[cr + j] += a0 * b[b0 + j];
        }
      }
    }
  }
}

/** Gauss–Jordan inversion in place without pivoting (safe for SPD blocks). */
function gaussJordan(M: View, n: number): void {
  const a = M.data;
  for (let k = 0; k < n; k++) {
    const rk = M.off + k * M.ld;
    const p = a[rk + k];
    if (!(p > 0)) throw new Error(`spdInverse: matrix is not positive definite (pivot ${p})`);
    a[rk + k] = 1; // the column of the identity that row k now carries
    for (let j = 0; j < n; j++) a[rk + j] /= p;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ri = M.off + i * M.ld;
      const f = a[ri + k];
      if (f === 0) continue;
      a[ri + k] = 0;
      for (let j = 0; j < n; j++) a[ri + j] -= f * a[rk + j];
    }
  }
}

function transposeInto(src: Float64Array, rows: number, cols: number, dst: View): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst.data[dst.off + j * dst.ld + i] = src[i * cols + j];
}

function invertBlock(M: View, n: number): void {
  if (n <= 96) return gaussJordan(M, n);
  const n1 = Math.ceil(n / 2 / 32) * 32; // multiples of 32 keep the tiles aligned
  const n2 = n - n1;
  const { data, off, ld } = M;
  const A11 = view(data, off, ld);
  const A12 = view(data, off + n1, ld);
  const A21 = view(data, off + n1 * ld, ld);
  const A22 = view(data, off + n1 * ld + n1, ld);
  // Schur complement: with X = A11⁻¹, T = X·A12 and S = A22 − A21·T,
  // A⁻¹ = [[X + T·S⁻¹·Tᵀ, −T·S⁻¹], [−S⁻¹·Tᵀ, S⁻¹]]; S of an SPD matrix is SPD
  invertBlock(A11, n1);
  const T = new Float64Array(n1 * n2);
  gemm(n1, n2, n1, 1, A11, A12, 0, view(T, 0, n2));
  gemm(n2, n2, n1, -1, A21, view(T, 0, n2), 1, A22);
  invertBlock(A22, n2);
  gemm(n1, n2, n2, -1, view(T, 0, n2), A22, 0, A12); // P12 = −T·S⁻¹
  const Tt = new Float64Array(n2 * n1);
  transposeInto(T, n1, n2, view(Tt, 0, n1));
  gemm(n1, n1, n2, -1, A12, view(Tt, 0, n1), 1, A11); // P11 = X − P12·Tᵀ
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) data[A21.off + j * ld + i] = data[A12.off + i * ld + j];
}

/**
 * Inverse of a symmetric positive definite n×n matrix, in place, by recursive block inversion
 * through Schur complements: about n³ multiply-adds, almost all inside gemm.
 * Example: spdInverse(Float64Array.of(2, 1, 1, 2), 2) // [2/3, −1/3, −1/3, 2/3]
 */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new Error(`spdInverse: expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  invertBlock(view(a, 0, n), n);
  return a;
}

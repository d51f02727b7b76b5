import { describe, expect, test } from 'vitest';
import { cholesky, choleskySolve, gemm, Rng, spdInverse } from '../../src/recsys/index.js';

describe('dense linear algebra', () => {
  test('cholesky of [[4, 2], [2, 3]] is [[2, 0], [1, √2]] and solves A x = b', () => {
    const l = cholesky(Float64Array.of(4, 2, 2, 3), 2);
    expect([l[0], l[2], l[3]]).toBeAllClose([2, 1, Math.SQRT2]);
    // A·[1, 2] = [8, 8]
    expect(choleskySolve(l, 2, Float64Array.of(8, 8))).toBeAllClose([1, 2]);
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite \(pivot 1/);
  });

  test('spdInverse of a 2×2 matches the closed form', () => {
    expect(spdInverse(Float64Array.of(2, 1, 1, 2), 2)).toBeAllClose([2 / 3, -1 / 3, -1 / 3, 2 / 3], { atol: 1e-12 });
  });

  test('blocked inverse of a 230×230 SPD matrix (two recursion levels) gives A·A⁻¹ = I', () => {
    const n = 230;
    const rng = new Rng(5);
    const g = Float64Array.from({ length: n * n }, () => rng.normal());
    const gt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gt[j * n + i] = g[i * n + j];
    const a = new Float64Array(n * n);
    gemm(n, n, n, 1, { data: g, off: 0, ld: n }, { data: gt, off: 0, ld: n }, 0, { data: a, off: 0, ld: n });
    for (let i = 0; i < n; i++) a[i * n + i] += n; // G·Gᵀ + nI is SPD and well conditioned
    const inv = spdInverse(a.slice(), n);
    const eye = new Float64Array(n * n);
    gemm(n, n, n, 1, { data: a, off: 0, ld: n }, { data: inv, off: 0, ld: n }, 0, { data: eye, off: 0, ld: n });
    expect(eye).toBeAllClose(Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)), { atol: 1e-10 });
  });

  test('gemm accumulates into a strided sub-block with α and β', () => {
    // C (2×2 block of a 2×3 array) = 2·C + 1·A·B, A = [[1, 2]], B = [[3], [4]] as 1×2 · 2×1
    const c = Float64Array.of(1, 1, 9, 1, 1, 9);
    gemm(2, 2, 2, 1, { data: Float64Array.of(1, 2, 0, 1), off: 0, ld: 2 }, { data: Float64Array.of(3, 4, 5, 6), off: 0, ld: 2 }, 2, { data: c, off: 0, ld: 3 });
    // A·B = [[13, 16], [5, 6]]
    expect(Array.from(c)).toEqual([15, 18, 9, 7, 8, 9]);
  });
});

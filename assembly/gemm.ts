// Packed, register-blocked SGEMM (GotoBLAS/BLIS loop order) for WebAssembly SIMD.
//
// The microkernel keeps a 2×16 tile of C in 8 f32x4 accumulators and reads 6 operands per k
// step. V8 gives wasm 15 xmm registers and schedules all loads of a loop body first, so
// accumulators + loaded operands must stay ≤ 15: 2×16 (8 + 4 + 2 = 14) measured ~51 GFLOPS per
// core here, 4×8 ~43, and every tile with 12 accumulators spills (~25). Each step is a
// multiply-add, fused where the module is built with relaxed SIMD (fma.ts).
//
// C(i, j) = Σₚ A(i, p)·B(p, j), with A(i, p) = a[i·rsA + p·csA] and B(p, j) = b[p·rsB + j·csB],
// so transposed operands are only a swap of strides; the packing routines absorb them.
import { madd } from './fma';

export const MR: i32 = 2;
export const NR: i32 = 16;
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 1024;

/** Bytes of scratch one thread needs: packed A block, packed B block, one edge tile. */
export function gemmWorkBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

// c[0..2][0..16] (+)= Ap · Bp over kc; ldc in bytes.
function kernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c02 = c00;
  let c03 = c00;
  let c10 = c00;
  let c11 = c00;
  let c12 = c00;
  let c13 = c00;
  const end = pb + (<usize>kc << 6);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    const b3 = v128.load(pb, 48);
    const a0 = v128.load32_splat(pa);
    const a1 = v128.load32_splat(pa, 4);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c02 = madd(a0, b2, c02);
    c03 = madd(a0, b3, c03);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c12 = madd(a1, b2, c12);
    c13 = madd(a1, b3, c13);
    pa += 8;
    pb += 64;
  }
  const d = c + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c02 = f32x4.add(c02, v128.load(c, 32));
    c03 = f32x4.add(c03, v128.load(c, 48));
    c10 = f32x4.add(c10, v128.load(d));
    c11 = f32x4.add(c11, v128.load(d, 16));
    c12 = f32x4.add(c12, v128.load(d, 32));
    c13 = f32x4.add(c13, v128.load(d, 48));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c, c02, 32);
  v128.store(c, c03, 48);
  v128.store(d, c10);
  v128.store(d, c11, 16);
  v128.store(d, c12, 32);
  v128.store(d, c13, 48);
}

// Ap[p][0..2] = A(i0 + ii, p0 + p), rows past mr zero; strides in elements.
function packA(dst: usize, a: usize, rsA: i32, csA: i32, i0: i32, mr: i32, p0: i32, kc: i32): void {
  const src = a + ((<usize>i0 * rsA + <usize>p0 * csA) << 2);
  if (mr == 2 && csA == 1) {
    // two rows along p: interleave r0 and r1
    const r0 = src;
    const r1 = src + (<usize>rsA << 2);
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      const x = v128.load(r0 + (<usize>p << 2));
      const y = v128.load(r1 + (<usize>p << 2));
      const o = dst + (<usize>p << 3);
      v128.store(o, i32x4.shuffle(x, y, 0, 4, 1, 5));
      v128.store(o, i32x4.shuffle(x, y, 2, 6, 3, 7), 16);
    }
    for (; p < kc; p++) {
      store<f32>(dst + (<usize>p << 3), load<f32>(r0 + (<usize>p << 2)));
      store<f32>(dst + (<usize>p << 3), load<f32>(r1 + (<usize>p << 2)), 4);
    }
  } else if (mr == 2 && rsA == 1) {
    // A stored transposed: the two values are adjacent
    for (let p = 0; p < kc; p++) {
      store<u64>(dst + (<usize>p << 3), load<u64>(src + ((<usize>p * csA) << 2)));
    }
  } else {
    for (let p = 0; p < kc; p++) {
      const s = src + ((<usize>p * csA) << 2);
      store<f32>(dst + (<usize>p << 3), load<f32>(s));
      store<f32>(dst + (<usize>p << 3), mr > 1 ? load<f32>(s + (<usize>rsA << 2)) : 0, 4);
    }
  }
}

// Bp[p][0..16] = B(p0 + p, j0 + jj), columns past nr zero.
function packB(dst: usize, b: usize, rsB: i32, csB: i32, p0: i32, kc: i32, j0: i32, nr: i32): void {
  const src = b + ((<usize>p0 * rsB + <usize>j0 * csB) << 2);
  if (nr == 16 && csB == 1) {
    for (let p = 0; p < kc; p++) {
      const s = src + ((<usize>p * rsB) << 2);
      const o = dst + (<usize>p << 6);
      v128.store(o, v128.load(s));
      v128.store(o, v128.load(s, 16), 16);
      v128.store(o, v128.load(s, 32), 32);
      v128.store(o, v128.load(s, 48), 48);
    }
  } else if (nr == 16 && rsB == 1) {
    // B stored transposed ([n, k]): transpose 4×4 blocks of four columns
    const ld = <usize>csB << 2;
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      for (let g = 0; g < 4; g++) {
        const s = src + (<usize>(g * 4) * ld) + (<usize>p << 2);
        const r0 = v128.load(s);
        const r1 = v128.load(s + ld);
        const r2 = v128.load(s + 2 * ld);
        const r3 = v128.load(s + 3 * ld);
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
        const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        const o = dst + (<usize>p << 6) + (<usize>g << 4);
        v128.store(o, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
        v128.store(o, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 64);
        v128.store(o, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 128);
        v128.store(o, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 192);
      }
    }
    for (; p < kc; p++) {
      for (let j = 0; j < 16; j++) {
        store<f32>(dst + (<usize>(p * 16 + j) << 2), load<f32>(src + <usize>j * ld + (<usize>p << 2)));
      }
    }
  } else {
    for (let p = 0; p < kc; p++) {
      for (let j = 0; j < 16; j++) {
        const v: f32 = j < nr ? load<f32>(src + ((<usize>p * rsB + <usize>j * csB) << 2)) : 0;
        store<f32>(dst + (<usize>(p * 16 + j) << 2), v);
      }
    }
  }
}

// C[i0:i1, j0:j1] = A[i0:i1, :] · B[:, j0:j1] for one matrix; C row-major with row stride n.
function gemmBlock(
  a: usize, b: usize, c: usize, n: i32, k: i32,
  rsA: i32, csA: i32, rsB: i32, csB: i32,
  i0: i32, i1: i32, j0: i32, j1: i32, work: usize,
): void {
  const ap = work;
  const bp = ap + <usize>(MC * KC * 4);
  const tile = bp + <usize>(KC * NC * 4);
  const ldc = <usize>n << 2;
  // equal k blocks, so no tiny last block
  const kBlocks = (k + KC - 1) / KC;
  const kcMax = (k + kBlocks - 1) / kBlocks;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const accumulate = pc > 0;
      for (let jr = 0; jr < nc; jr += NR) {
        packB(bp + <usize>(jr * kc * 4), b, rsB, csB, pc, kc, jc + jr, min(NR, nc - jr));
      }
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        for (let ir = 0; ir < mc; ir += MR) {
          packA(ap + <usize>(ir * kc * 4), a, rsA, csA, ic + ir, min(MR, mc - ir), pc, kc);
        }
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = bp + <usize>(jr * kc * 4);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = ap + <usize>(ir * kc * 4);
            const cij = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (mr == MR && nr == NR) {
              kernel(kc, pa, pb, cij, ldc, accumulate);
            } else {
              kernel(kc, pa, pb, tile, NR * 4, false);
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) {
                  const o = cij + <usize>i * ldc + (<usize>j << 2);
                  const t = load<f32>(tile + (<usize>(i * NR + j) << 2));
                  store<f32>(o, accumulate ? load<f32>(o) + t : t);
                }
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Batched C[bt] = A[bt]·B[bt] for batches [b0, b1), rows [i0, i1) and columns [j0, j1) of each
 * product; pointers in bytes, strides in elements. `work` is gemmWorkBytes() of private scratch.
 */
export function gemm(
  a: usize, b: usize, c: usize, m: i32, n: i32, k: i32,
  rsA: i32, csA: i32, rsB: i32, csB: i32, aBatch: i32, bBatch: i32,
  b0: i32, b1: i32, i0: i32, i1: i32, j0: i32, j1: i32, work: usize,
): void {
  for (let bt = b0; bt < b1; bt++) {
    gemmBlock(
      a + ((<usize>bt * aBatch) << 2), b + ((<usize>bt * bBatch) << 2), c + ((<usize>bt * m * n) << 2),
      n, k, rsA, csA, rsB, csB, i0, i1, j0, j1, work,
    );
  }
}

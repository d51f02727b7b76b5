// The gradients of the direct convolution (conv-direct.ts, whose plan and scratch they share):
// the weight gradient in the forward's two lane layouts (channel tiles summed over every pixel, or
// four-lane dot products of gradient planes with the taps' windows), the input gradient as the
// adjoint of the pixels-in-lanes forward (stride 1) or as columns Wᵀ·g folded back by col2im.
import {
  K, acc, bordered, carve, cg, cols, copyRow, gb, hp, offs, og, og16, pix, pixelLanes, plane, vectorSpan, wp, xp,
} from './conv-direct';
import { dot4, strips, stripsAdd, tileA } from './conv-tiles';
import { col2im, wH, wOH, wOW, wPH, wPW, wSH, wSW, wW } from './window';

// g of one image laid on the bordered grid: [og][grid], zeros in the discarded columns (the rest
// of gb must be zero already)
function gridded(gs: usize, grid: i32): void {
  for (let oc = 0; oc < og; oc++) {
    for (let oy = 0; oy < wOH; oy++) {
      copyRow(gb + (<usize>(oc * grid + oy * wp) << 2), gs + (<usize>(oc * plane + oy * wOW) << 2), wOW);
    }
  }
}

// gb[q][l] = src[l·plane + q] for 16 lanes (zero past `lanes`): a block of the gradient as
// [pixel][16 channels], four channels × four pixels a step (a 4×4 transpose in shuffles)
function transposed(src: usize, lanes: i32): void {
  const row = <usize>plane << 2;
  let q = 0;
  if (lanes == 16) {
    for (; q + 4 <= plane; q += 4) {
      for (let l = 0; l < 16; l += 4) {
        const s = src + <usize>l * row + (<usize>q << 2);
        const r0 = v128.load(s);
        const r1 = v128.load(s + row);
        const r2 = v128.load(s + 2 * row);
        const r3 = v128.load(s + 3 * row);
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
        const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
        const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
        const d = gb + (<usize>(q * 16 + l) << 2);
        v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
        v128.store(d, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 64);
        v128.store(d, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 128);
        v128.store(d, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 192);
      }
    }
  }
  for (; q < plane; q++) {
    const d = gb + (<usize>(q * 16) << 2);
    for (let l = 0; l < 16; l++) store<f32>(d + (<usize>l << 2), l < lanes ? load<f32>(src + <usize>l * row + (<usize>q << 2)) : 0);
  }
}

@inline function tap(p: i32): usize {
  return xp + <usize>load<i32>(offs + (<usize>min(p, K - 1) << 2));
}

/** dw [O, C/G, kh, kw] = Σ over images of g ⋆ x; params set by directScratch. */
export function directBackWeight(x: usize, g: usize, dw: usize, n: i32, groups: i32, scratch: usize): void {
  carve(scratch);
  const img = <usize>(wH * wW) << 2;
  const o = og * groups;
  const k2 = (K + 1) & ~1;
  for (let gi = 0; gi < groups; gi++) {
    const wg = dw + (<usize>(gi * og * K) << 2);
    if (!pixelLanes) {
      // tiles [2 taps][16 channels] summed over the pixels of every image, kept in acc
      memory.fill(acc, 0, <usize>(k2 * og16) << 2);
      for (let b = 0; b < n; b++) {
        bordered(x + <usize>(b * groups + gi) * cg * img);
        const gs = g + (<usize>((b * o + gi * og) * plane) << 2);
        for (let blk = 0; blk < og; blk += 16) {
          transposed(gs + (<usize>(blk * plane) << 2), min(16, og - blk));
          const ab = acc + (<usize>(blk * k2) << 2);
          for (let p = 0; p < K; p += 2) tileA(plane, tap(p), tap(p + 1), pix, gb, ab + (<usize>(p * 16) << 2));
        }
      }
      for (let oc = 0; oc < og; oc++) {
        const s = acc + (<usize>((oc >> 4) * k2 * 16 + (oc & 15)) << 2);
        for (let p = 0; p < K; p++) store<f32>(wg + (<usize>(oc * K + p) << 2), load<f32>(s + (<usize>(p * 16) << 2)));
      }
      continue;
    }
    // four-lane partial sums per (channel, tap): row by row when rows are whole vectors, else
    // over the bordered grid with the gradient laid on it, zeros in the discarded columns
    const rowwise = (wOW & 3) == 0;
    const grid = ((wOH * wp + 15) & ~15) + 16;
    const k4 = (K + 3) & ~3;
    const row = <usize>(k4 * 4) << 2;
    const rows = rowwise ? wOH : 1;
    const nv = rowwise ? wOW >> 2 : (wOH * wp + 3) >> 2;
    const gStep = rowwise ? <usize>wOW << 2 : 0;
    const xStep = rowwise ? <usize>wp << 2 : 0;
    const gPlane = <usize>(rowwise ? plane : grid) << 2;
    if (!rowwise) memory.fill(gb, 0, <usize>(og * grid) << 2);
    memory.fill(acc, 0, <usize>(((og + 1) & ~1) * k4 * 4) << 2);
    for (let b = 0; b < n; b++) {
      bordered(x + <usize>(b * groups + gi) * cg * img);
      const gs = g + (<usize>((b * o + gi * og) * plane) << 2);
      if (!rowwise) gridded(gs, grid);
      const gp = rowwise ? gs : gb;
      for (let oc = 0; oc < og; oc += 2) {
        const g0 = gp + <usize>oc * gPlane;
        const g1 = gp + <usize>min(oc + 1, og - 1) * gPlane;
        for (let p = 0; p < K; p += 4) {
          dot4(rows, nv, gStep, xStep, g0, g1, tap(p), tap(p + 1), tap(p + 2), tap(p + 3), acc + <usize>oc * row + (<usize>(p * 4) << 2), row);
        }
      }
    }
    for (let oc = 0; oc < og; oc++) {
      for (let p = 0; p < K; p++) {
        const v = v128.load(acc + <usize>oc * row + (<usize>(p * 4) << 2));
        const s = f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
        store<f32>(wg + (<usize>(oc * K + p) << 2), s);
      }
    }
  }
}

/**
 * Stride 1: dx as the adjoint of the pixels-in-lanes forward, without columns. g is laid out in
 * rows of whole vectors (zeros past each row's end: they add nothing); strips of two taps × four
 * such vectors of Wᵀ·g are added straight into the bordered image, each vector where its pixels'
 * windows start plus the tap's offset (col2im in the epilogue).
 */
function vectorBackInput(g: usize, w: usize, dx: usize, n: i32, groups: i32): void {
  const img = <usize>(wH * wW) << 2;
  const o = og * groups;
  const rowVecs = (wOW + 3) >> 2;
  const strips = (wOH * rowVecs + 3) >> 2;
  const span = vectorSpan(); // floats of one channel of the laid-out g
  const inPlace = hp == wH && wp == wW;
  memory.fill(gb, 0, <usize>(og * span) << 2);
  for (let b = 0; b < n; b++) {
    for (let gi = 0; gi < groups; gi++) {
      const dxs = dx + <usize>(b * groups + gi) * cg * img;
      const dp = inPlace ? dxs : xp;
      if (!inPlace) memory.fill(xp, 0, <usize>(cg * hp * wp) << 2);
      const gs = g + (<usize>((b * o + gi * og) * plane) << 2);
      for (let oc = 0; oc < og; oc++) {
        for (let oy = 0; oy < wOH; oy++) {
          copyRow(gb + (<usize>(oc * span + oy * rowVecs * 4) << 2), gs + (<usize>(oc * plane + oy * wOW) << 2), wOW);
        }
      }
      const wg = w + (<usize>(gi * og * K) << 2);
      for (let s = 0, oy = 0, ox = 0; s < strips; s++) {
        // the four vectors' windows in the bordered image (past the plane: zeros, added anywhere valid)
        const d0 = dp + (<usize>(min(oy, wOH - 1) * wp + ox) << 2);
        if ((ox += 4) >= wOW) (ox = 0), oy++;
        const d1 = dp + (<usize>(min(oy, wOH - 1) * wp + ox) << 2);
        if ((ox += 4) >= wOW) (ox = 0), oy++;
        const d2 = dp + (<usize>(min(oy, wOH - 1) * wp + ox) << 2);
        if ((ox += 4) >= wOW) (ox = 0), oy++;
        const d3 = dp + (<usize>(min(oy, wOH - 1) * wp + ox) << 2);
        if ((ox += 4) >= wOW) (ox = 0), oy++;
        stripsAdd(K, og, wg, gb + (<usize>s << 6), <usize>span << 2, d0, d1, d2, d3, offs);
      }
      if (!inPlace) {
        for (let c = 0; c < cg; c++) {
          for (let y = 0; y < wH; y++) {
            copyRow(dxs + (<usize>((c * wH + y) * wW) << 2), xp + (<usize>((c * hp + y + wPH) * wp + wPW) << 2), wW);
          }
        }
      }
    }
  }
}

/**
 * dx [N, C, H, W] += the columns Wᵀ·g folded back (col2im), one image at a time; columns in rows
 * of whole 16-pixel strips (the lanes past the plane are never read back). dx must be zero; the
 * last strip of a plane reads up to 15 floats past g.
 */
export function directBackInput(g: usize, w: usize, dx: usize, n: i32, groups: i32, scratch: usize): void {
  carve(scratch);
  if (wSH == 1 && wSW == 1) return vectorBackInput(g, w, dx, n, groups);
  const img = <usize>(wH * wW) << 2;
  const o = og * groups;
  const ld = (plane + 15) & ~15;
  const pb = <usize>plane << 2;
  for (let b = 0; b < n; b++) {
    for (let gi = 0; gi < groups; gi++) {
      const gs = g + (<usize>((b * o + gi * og) * plane) << 2);
      const wg = w + (<usize>(gi * og * K) << 2);
      for (let q0 = 0; q0 < plane; q0 += 16) strips(K, og, wg, gs + (<usize>q0 << 2), pb, cols + (<usize>q0 << 2), <usize>ld << 2);
      col2im(cols, dx + <usize>(b * groups + gi) * cg * img, cg, ld);
    }
  }
}

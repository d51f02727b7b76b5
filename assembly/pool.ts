// Max pooling: each window's maximum and the index of its first occurrence (what the gradient
// follows). Window geometry from setWindow (assembly/window.ts), read into locals once: V8
// reloads a mutable global on every use, which cost as much as the comparisons.
import { wDH, wDW, wH, wKH, wKW, wOH, wOW, wPH, wPW, wSH, wSW, wW } from './window';

/**
 * out[p, oy, ox] = max of the window over `planes` planes (padding never wins, NaN does);
 * index[p, oy, ox] = its pixel y·w + x, the first on ties.
 */
export function maxPool2d(x: usize, out: usize, index: usize, planes: i32): void {
  const h = wH;
  const w = wW;
  const kh = wKH;
  const kw = wKW;
  const sh = wSH;
  const sw = wSW;
  const dh = wDH;
  const dw = wDW;
  const oh = wOH;
  const ow = wOW;
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && dh == 1 && dw == 1 && wPH == 0 && wPW == 0 && oh * 2 <= h && ow * 2 <= w) {
    return maxPool2x2(x, out, index, planes, h, w, oh, ow);
  }
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const img = x + (<usize>(p * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - wPH;
      // taps i in [i0, i1) fall inside the image: y0 + i·dh in [0, h)
      const i0 = y0 >= 0 ? 0 : (-y0 + dh - 1) / dh;
      const i1 = min(kh, h - y0 > 0 ? (h - y0 + dh - 1) / dh : 0);
      for (let ox = 0; ox < ow; ox++, o += 4) {
        const x0 = ox * sw - wPW;
        const j0 = x0 >= 0 ? 0 : (-x0 + dw - 1) / dw;
        const j1 = min(kw, w - x0 > 0 ? (w - x0 + dw - 1) / dw : 0);
        let best: f32 = -Infinity;
        let at = -1;
        for (let i = i0; i < i1; i++) {
          const row = (y0 + i * dh) * w + x0;
          for (let j = j0; j < j1; j++) {
            const q = row + j * dw;
            const v = load<f32>(img + (<usize>q << 2));
            // NaN wins (and stays); the first of equal maxima stays
            if (v > best || at < 0 || (v != v && best == best)) {
              best = v;
              at = q;
            }
          }
        }
        store<f32>(out + o, best);
        store<i32>(index + o, at);
      }
    }
  }
}

// v wins over best where it is larger, or NaN while best is not
@inline function wins(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
}

// four outputs of the 2×2 window at output column ox of rows r0, r1 (pixel at0 starts r0): the
// even and odd pixels of two rows split apart by shuffles, the first maximum kept with lane masks
@inline function fourWindows(r0: usize, r1: usize, at0: i32, w: i32, ox: i32, out: usize, index: usize): void {
  const lane = i32x4(0, 2, 4, 6);
  const c = <usize>(2 * ox) << 2;
  const u0 = v128.load(r0 + c);
  const u1 = v128.load(r0 + c, 16);
  const l0 = v128.load(r1 + c);
  const l1 = v128.load(r1 + c, 16);
  // taps in window order: (0, 0), (0, 1), (1, 0), (1, 1)
  let best = i32x4.shuffle(u0, u1, 0, 2, 4, 6);
  let at = i32x4.add(i32x4.splat(at0 + 2 * ox), lane);
  const b = i32x4.shuffle(u0, u1, 1, 3, 5, 7);
  let m = wins(b, best);
  best = v128.bitselect(b, best, m);
  at = v128.bitselect(i32x4.add(at, i32x4.splat(1)), at, m);
  const base = i32x4.add(i32x4.splat(at0 + w + 2 * ox), lane);
  const cc = i32x4.shuffle(l0, l1, 0, 2, 4, 6);
  m = wins(cc, best);
  best = v128.bitselect(cc, best, m);
  at = v128.bitselect(base, at, m);
  const d = i32x4.shuffle(l0, l1, 1, 3, 5, 7);
  m = wins(d, best);
  best = v128.bitselect(d, best, m);
  at = v128.bitselect(i32x4.add(base, i32x4.splat(1)), at, m);
  v128.store(out + (<usize>ox << 2), best);
  v128.store(index + (<usize>ox << 2), at);
}

// The common 2×2 window, stride 2, no padding: four outputs per step; a row whose width is not a
// multiple of 4 ends with a step over its last four outputs, overlapping the one before (the same
// values again), rather than scalar windows whose unpredictable branches cost more than a step.
function maxPool2x2(x: usize, out: usize, index: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const img = x + (<usize>(p * h * w) << 2);
    for (let oy = 0; oy < oh; oy++, o += <usize>ow << 2) {
      const r0 = img + (<usize>(2 * oy * w) << 2);
      const r1 = r0 + (<usize>w << 2);
      const at0 = 2 * oy * w;
      if (ow >= 4) {
        for (let ox = 0; ox + 4 <= ow; ox += 4) fourWindows(r0, r1, at0, w, ox, out + o, index + o);
        if (ow & 3) fourWindows(r0, r1, at0, w, ow - 4, out + o, index + o);
        continue;
      }
      for (let ox = 0; ox < ow; ox++) {
        let best = load<f32>(r0 + (<usize>(2 * ox) << 2));
        let at = at0 + 2 * ox;
        for (let t = 1; t < 4; t++) {
          const q = at0 + (t >> 1) * w + 2 * ox + (t & 1);
          const v = load<f32>(img + (<usize>q << 2));
          if (v > best || (v != v && best == best)) {
            best = v;
            at = q;
          }
        }
        store<f32>(out + o + (<usize>ox << 2), best);
        store<i32>(index + o + (<usize>ox << 2), at);
      }
    }
  }
}

/**
 * Max pooling's adjoint: out[p, index[p, j]] += g[p, j] over `planes` planes of `plane` pixels
 * and `cells` outputs each, out zeroed first; a negative index (a window with no pixel) adds
 * nowhere. tiledWidth > 0: the windows were the 2×2 blocks tiling planes that wide (unpool2x2).
 */
export function maxUnpool2d(g: usize, index: usize, out: usize, planes: i32, plane: i32, cells: i32, tiledWidth: i32): void {
  if (tiledWidth > 0) return unpool2x2(g, index, out, planes, tiledWidth, cells);
  memory.fill(out, 0, (<usize>planes * plane) << 2);
  let j: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = out + (<usize>(p * plane) << 2);
    for (let c = 0; c < cells; c++, j++) {
      const at = load<i32>(index + (j << 2));
      if (at < 0) continue;
      const o = base + (<usize>at << 2);
      store<f32>(o, load<f32>(o) + load<f32>(g + (j << 2)));
    }
  }
}

// Disjoint 2×2 windows that cover the plane: each pixel is its window's gradient where it won,
// else zero, written once (no zeroing pass, no scattered read-modify-writes); four windows a step,
// the two rows' pixels interleaved back from even and odd lanes.
function unpool2x2(g: usize, index: usize, out: usize, planes: i32, w: i32, cells: i32): void {
  const ow = w >> 1;
  const oh = cells / ow;
  const zero = f32x4.splat(0);
  const lane = i32x4(0, 2, 4, 6);
  let j: usize = 0; // byte offset of the window in g and index
  let o = out;
  for (let p = 0; p < planes; p++) {
    for (let oy = 0; oy < oh; oy++, o += <usize>(2 * w) << 2) {
      const at0 = 2 * oy * w;
      const o1 = o + (<usize>w << 2);
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4, j += 16) {
        const gv = v128.load(g + j);
        const iv = v128.load(index + j);
        const q = i32x4.add(i32x4.splat(at0 + 2 * ox), lane);
        const e0 = v128.bitselect(gv, zero, i32x4.eq(iv, q));
        const e1 = v128.bitselect(gv, zero, i32x4.eq(iv, i32x4.add(q, i32x4.splat(1))));
        const e2 = v128.bitselect(gv, zero, i32x4.eq(iv, i32x4.add(q, i32x4.splat(w))));
        const e3 = v128.bitselect(gv, zero, i32x4.eq(iv, i32x4.add(q, i32x4.splat(w + 1))));
        const c = <usize>(2 * ox) << 2;
        v128.store(o + c, i32x4.shuffle(e0, e1, 0, 4, 1, 5));
        v128.store(o + c, i32x4.shuffle(e0, e1, 2, 6, 3, 7), 16);
        v128.store(o1 + c, i32x4.shuffle(e2, e3, 0, 4, 1, 5));
        v128.store(o1 + c, i32x4.shuffle(e2, e3, 2, 6, 3, 7), 16);
      }
      for (; ox < ow; ox++, j += 4) {
        const v = load<f32>(g + j);
        const at = load<i32>(index + j) - (at0 + 2 * ox); // 0, 1, w or w + 1
        const c = <usize>(2 * ox) << 2;
        store<f32>(o + c, at == 0 ? v : 0);
        store<f32>(o + c, at == 1 ? v : 0, 4);
        store<f32>(o1 + c, at == w ? v : 0);
        store<f32>(o1 + c, at == w + 1 ? v : 0, 4);
      }
    }
  }
}

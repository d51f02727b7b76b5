// The register tiles of the direct convolution kernels (conv-direct.ts): 2 rows × 16 lanes in
// 8 f32x4 accumulators, as gemm.ts's kernel (V8 gives wasm 15 xmm registers: 8 accumulators + 6
// operands a step fit, anything wider spills), with their operands addressed for convolution.
import { madd } from './fma';

/**
 * t[r][0..16] += Σₖ A_r(k)·B(k)[0..16] for rows r = 0, 1 over n steps; the tile t (32 floats)
 * holds the start values. One operand goes through a table of byte offsets `offs`, the other
 * steps linearly: aTable: A_r(k) = a_r[offs[k]], B(k) = b0 + 64k (16 packed floats a step);
 * else A_r(k) = a_r[4k] (a row), and B(k)'s four vectors lie at b0 … b3 + offs[k].
 */
@inline function tileBody(n: i32, a0: usize, a1: usize, b0: usize, b1: usize, b2: usize, b3: usize, offs: usize, t: usize, aTable: bool): void {
  tileCore(n, a0, a1, b0, b1, b2, b3, offs, t, aTable, 0, 0, 0, 0, false, false);
}

// tileBody, or (direct) starting from rows of i0 and i1 and storing row 0 at d0 and row 1 (when
// two) at d1, without the tile's round trip through memory
@inline function tileCore(
  n: i32, a0: usize, a1: usize, b0: usize, b1: usize, b2: usize, b3: usize, offs: usize, t: usize, aTable: bool,
  i0: f32, i1: f32, d0: usize, d1: usize, two: bool, direct: bool,
): void {
  let c00 = direct ? f32x4.splat(i0) : v128.load(t);
  let c01 = direct ? c00 : v128.load(t, 16);
  let c02 = direct ? c00 : v128.load(t, 32);
  let c03 = direct ? c00 : v128.load(t, 48);
  let c10 = direct ? f32x4.splat(i1) : v128.load(t, 64);
  let c11 = direct ? c10 : v128.load(t, 80);
  let c12 = direct ? c10 : v128.load(t, 96);
  let c13 = direct ? c10 : v128.load(t, 112);
  const end = offs + (<usize>n << 2);
  while (offs < end) {
    const o = <usize>load<i32>(offs);
    const v0 = aTable ? v128.load(b0) : v128.load(b0 + o);
    const v1 = aTable ? v128.load(b0, 16) : v128.load(b1 + o);
    const v2 = aTable ? v128.load(b0, 32) : v128.load(b2 + o);
    const v3 = aTable ? v128.load(b0, 48) : v128.load(b3 + o);
    const x0 = v128.load32_splat(aTable ? a0 + o : a0);
    const x1 = v128.load32_splat(aTable ? a1 + o : a1);
    c00 = madd(x0, v0, c00);
    c01 = madd(x0, v1, c01);
    c02 = madd(x0, v2, c02);
    c03 = madd(x0, v3, c03);
    c10 = madd(x1, v0, c10);
    c11 = madd(x1, v1, c11);
    c12 = madd(x1, v2, c12);
    c13 = madd(x1, v3, c13);
    offs += 4;
    if (aTable) b0 += 64;
    else {
      a0 += 4;
      a1 += 4;
    }
  }
  if (direct) {
    v128.store(d0, c00);
    v128.store(d0, c01, 16);
    v128.store(d0, c02, 32);
    v128.store(d0, c03, 48);
    if (two) {
      v128.store(d1, c10);
      v128.store(d1, c11, 16);
      v128.store(d1, c12, 32);
      v128.store(d1, c13, 48);
    }
  } else {
    v128.store(t, c00);
    v128.store(t, c01, 16);
    v128.store(t, c02, 32);
    v128.store(t, c03, 48);
    v128.store(t, c10, 64);
    v128.store(t, c11, 80);
    v128.store(t, c12, 96);
    v128.store(t, c13, 112);
  }
}

// A through the table (a window's taps, or the pixels of a tap), B packed 16 channels a step
export function tileA(n: i32, a0: usize, a1: usize, aOff: usize, b: usize, t: usize): void {
  tileBody(n, a0, a1, b, 0, 0, 0, aOff, t, true);
}

/**
 * tileB for every pair of the og weight rows of w (k floats each) over 16 whole output pixels:
 * rows start from the bias (0: none) and go straight to d + o·plane bytes. One call for all
 * pairs: short windows (LeNet's conv1: 25 taps) paid a call and a tile round trip per pair.
 */
export function tilesB(k: i32, og: i32, w: usize, b0: usize, b1: usize, b2: usize, b3: usize, offs: usize, bias: usize, d: usize, plane: usize): void {
  for (let o = 0; o < og; o += 2) {
    const o1 = min(o + 1, og - 1);
    const i0: f32 = bias ? load<f32>(bias + (<usize>o << 2)) : 0;
    const i1: f32 = bias ? load<f32>(bias + (<usize>o1 << 2)) : 0;
    const d0 = d + <usize>o * plane;
    tileCore(k, w + (<usize>(o * k) << 2), w + (<usize>(o1 * k) << 2), b0, b1, b2, b3, offs, 0, false, i0, i1, d0, d0 + plane, o1 > o, true);
  }
}

// A two weight rows, B four vectors of pixels of the bordered image at each tap's offset
export function tileB(n: i32, a0: usize, a1: usize, b0: usize, b1: usize, b2: usize, b3: usize, bOff: usize, t: usize): void {
  tileBody(n, a0, a1, b0, b1, b2, b3, bOff, t, false);
}

// a[s] += g0 · x_s and a[row + s] += g1 · x_s lane by lane over `rows` runs of nv vectors (the
// g runs gs bytes apart, the x runs xs), s = 0 … 3: the weight gradient with pixels in the
// lanes, dot products of two gradient planes with four taps' windows
export function dot4(rows: i32, nv: i32, gs: usize, xs: usize, g0: usize, g1: usize, x0: usize, x1: usize, x2: usize, x3: usize, a: usize, row: usize): void {
  let s00 = f32x4.splat(0);
  let s01 = s00;
  let s02 = s00;
  let s03 = s00;
  let s10 = s00;
  let s11 = s00;
  let s12 = s00;
  let s13 = s00;
  const end = <usize>nv << 4;
  for (let r = 0; r < rows; r++, g0 += gs, g1 += gs, x0 += xs, x1 += xs, x2 += xs, x3 += xs) {
    for (let i: usize = 0; i < end; i += 16) {
      const u = v128.load(g0 + i);
      const v = v128.load(g1 + i);
      const y0 = v128.load(x0 + i);
      const y1 = v128.load(x1 + i);
      const y2 = v128.load(x2 + i);
      const y3 = v128.load(x3 + i);
      s00 = madd(u, y0, s00);
      s01 = madd(u, y1, s01);
      s02 = madd(u, y2, s02);
      s03 = madd(u, y3, s03);
      s10 = madd(v, y0, s10);
      s11 = madd(v, y1, s11);
      s12 = madd(v, y2, s12);
      s13 = madd(v, y3, s13);
    }
  }
  const b = a + row;
  v128.store(a, f32x4.add(v128.load(a), s00));
  v128.store(a, f32x4.add(v128.load(a, 16), s01), 16);
  v128.store(a, f32x4.add(v128.load(a, 32), s02), 32);
  v128.store(a, f32x4.add(v128.load(a, 48), s03), 48);
  v128.store(b, f32x4.add(v128.load(b), s10));
  v128.store(b, f32x4.add(v128.load(b, 16), s11), 16);
  v128.store(b, f32x4.add(v128.load(b, 32), s12), 32);
  v128.store(b, f32x4.add(v128.load(b, 48), s13), 48);
}

// Σₖ a_r[k·as]·b[k·bs][0..16] for rows r = 0, 1 (strides in bytes; a step of the input
// gradient is an output channel, too few to pay for a tile's round trip through memory), then
// either stored (add false: row 0 at d0, row 1 at d1) or added as four vectors at d0 … d3, row 0
// at offset o0 and row 1 (when two) at o1, one vector after the other: they may overlap.
@inline function stripBody(n: i32, a0: usize, a1: usize, as: usize, b: usize, bs: usize, d0: usize, d1: usize, d2: usize, d3: usize, o0: usize, o1: usize, two: bool, add: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c02 = c00;
  let c03 = c00;
  let c10 = c00;
  let c11 = c00;
  let c12 = c00;
  let c13 = c00;
  const end = a0 + <usize>n * as;
  while (a0 < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const b2 = v128.load(b, 32);
    const b3 = v128.load(b, 48);
    const x0 = v128.load32_splat(a0);
    const x1 = v128.load32_splat(a1);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    c02 = madd(x0, b2, c02);
    c03 = madd(x0, b3, c03);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    c12 = madd(x1, b2, c12);
    c13 = madd(x1, b3, c13);
    a0 += as;
    a1 += as;
    b += bs;
  }
  if (add) {
    v128.store(d0 + o0, f32x4.add(v128.load(d0 + o0), c00));
    v128.store(d1 + o0, f32x4.add(v128.load(d1 + o0), c01));
    v128.store(d2 + o0, f32x4.add(v128.load(d2 + o0), c02));
    v128.store(d3 + o0, f32x4.add(v128.load(d3 + o0), c03));
    if (two) {
      v128.store(d0 + o1, f32x4.add(v128.load(d0 + o1), c10));
      v128.store(d1 + o1, f32x4.add(v128.load(d1 + o1), c11));
      v128.store(d2 + o1, f32x4.add(v128.load(d2 + o1), c12));
      v128.store(d3 + o1, f32x4.add(v128.load(d3 + o1), c13));
    }
  } else {
    v128.store(d0, c00);
    v128.store(d0, c01, 16);
    v128.store(d0, c02, 32);
    v128.store(d0, c03, 48);
    v128.store(d1, c10);
    v128.store(d1, c11, 16);
    v128.store(d1, c12, 32);
    v128.store(d1, c13, 48);
  }
}

/**
 * For taps p = 0, 2, 4 … < k: rows p and p + 1 of Σₒ w[o·k + p]·b[o·bs][0..16] (n steps o),
 * stored in rows p and p + 1 of d (ld bytes apart). One call for all taps: a call per pair cost
 * as much as its 16 steps.
 */
export function strips(k: i32, n: i32, w: usize, b: usize, bs: usize, d: usize, ld: usize): void {
  const as = <usize>k << 2;
  for (let p = 0; p < k; p += 2, d += ld << 1) {
    stripBody(n, w + (<usize>p << 2), w + (<usize>min(p + 1, k - 1) << 2), as, b, bs, d, d + ld, 0, 0, 0, 0, true, false);
  }
}

/**
 * The same rows added as four vectors at d0 … d3: row p at offset offs[p] (bytes). Taps that
 * come in pairs share the loads of b; an odd last tap goes alone.
 */
export function stripsAdd(k: i32, n: i32, w: usize, b: usize, bs: usize, d0: usize, d1: usize, d2: usize, d3: usize, offs: usize): void {
  const as = <usize>k << 2;
  for (let p = 0; p < k; p += 2) {
    const q = min(p + 1, k - 1);
    const o0 = <usize>load<i32>(offs + (<usize>p << 2));
    const o1 = <usize>load<i32>(offs + (<usize>q << 2));
    stripBody(n, w + (<usize>p << 2), w + (<usize>q << 2), as, b, bs, d0, d1, d2, d3, o0, o1, q > p, true);
  }
}

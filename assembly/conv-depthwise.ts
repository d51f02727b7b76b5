// Depthwise convolution (one input channel per output channel) computed directly: each plane is
// copied once into a zero-bordered scratch plane, so every tap reads without bounds tests, and
// stride-1 rows run 4 or 8 outputs per step in f32x4 lanes. im2col would unfold the plane kh·kw
// times for a product with a single weight row.
import { madd } from './fma';
import { wDH, wDW, wH, wKH, wKW, wOH, wOW, wPH, wPW, wSH, wSW, wW } from './window';

// the bordered plane: rows −ph … every row a window reaches (ceil mode can pass the image)
@inline function paddedH(): i32 {
  return max(wH, (wOH - 1) * wSH - wPH + (wKH - 1) * wDH + 1) + wPH;
}
@inline function paddedW(): i32 {
  return max(wW, (wOW - 1) * wSW - wPW + (wKW - 1) * wDW + 1) + wPW;
}

/** Floats of scratch the depthwise kernels need: one bordered plane (of x, or of g; 4 floats of slack). */
export function depthwiseScratch(): i32 {
  return max(paddedH() * paddedW(), (wOH + 2 * (wKH - 1) * wDH) * (wOW + 2 * (wKW - 1) * wDW)) + 4;
}

// dst[0..n) = src[0..n): rows of a few dozen floats, where memory.copy's call costs more than the copy
@inline function copyRow(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

// xp = the plane at src, bordered with zeros
function border(xp: usize, src: usize, wp: i32): void {
  const ih = wH;
  const iw = wW;
  const top = wPH;
  const left = wPW;
  memory.fill(xp, 0, <usize>(paddedH() * wp) << 2);
  for (let y = 0; y < ih; y++) copyRow(xp + (<usize>((y + top) * wp + left) << 2), src + (<usize>(y * iw) << 2), iw);
}

/** out[b, c] = x[b, c] ⋆ w[c] for n·c planes. */
export function depthwiseForward(x: usize, w: usize, out: usize, n: i32, c: i32, xp: usize): void {
  // the window in locals: V8 reloads a mutable global at every use, in the innermost loops too
  const ih = wH;
  const iw = wW;
  const kh = wKH;
  const kw = wKW;
  const sh = wSH;
  const sw = wSW;
  const dh = wDH;
  const dil = wDW;
  const oh = wOH;
  const ow = wOW;
  const wp = paddedW();
  const img = <usize>(ih * iw) << 2;
  const plane = <usize>(oh * ow) << 2;
  const taps = kh * kw;
  for (let p = 0; p < n * c; p++) {
    border(xp, x + <usize>p * img, wp);
    const wc = w + (<usize>((p % c) * taps) << 2);
    const o = out + <usize>p * plane;
    for (let oy = 0; oy < oh; oy++) {
      correlateRow(xp + (<usize>(oy * sh * wp) << 2), <usize>(wp * dh) << 2, kh, kw, dil, sw, wc, 4, o + (<usize>(oy * ow) << 2), ow);
    }
  }
}

/**
 * out[x] = Σ over taps (i, j) of w(i, j) · src[top + i·rowStep + (x·sw + j·dil) floats], x < n, with
 * w(i, j) at w0 + (i·kw + j)·wStep bytes (wStep −4 reads the kernel flipped): one output row of a
 * depthwise correlation. Stride 1 runs four (then two, one) vectors of outputs a step, each its own
 * accumulator chain: a single chain waits on every multiply-add. Inlined, so each caller's constant
 * wStep folds (a call per row with a variable step cost 13–16%).
 */
@inline function correlateRow(top: usize, rowStep: usize, kh: i32, kw: i32, dil: i32, sw: i32, w0: usize, wStep: i32, out: usize, n: i32): void {
  let x = 0;
  if (sw == 1) {
    for (; x + 16 <= n; x += 16) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      for (let i = 0; i < kh; i++) {
        const r = top + <usize>i * rowStep + (<usize>x << 2);
        for (let j = 0; j < kw; j++) {
          const wv = v128.load32_splat(w0 + <usize>((i * kw + j) * wStep));
          const q = r + (<usize>(j * dil) << 2);
          a0 = madd(wv, v128.load(q), a0);
          a1 = madd(wv, v128.load(q, 16), a1);
          a2 = madd(wv, v128.load(q, 32), a2);
          a3 = madd(wv, v128.load(q, 48), a3);
        }
      }
      const d = out + (<usize>x << 2);
      v128.store(d, a0);
      v128.store(d, a1, 16);
      v128.store(d, a2, 32);
      v128.store(d, a3, 48);
    }
    for (; x + 8 <= n; x += 8) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      for (let i = 0; i < kh; i++) {
        const r = top + <usize>i * rowStep + (<usize>x << 2);
        for (let j = 0; j < kw; j++) {
          const wv = v128.load32_splat(w0 + <usize>((i * kw + j) * wStep));
          const q = r + (<usize>(j * dil) << 2);
          a0 = madd(wv, v128.load(q), a0);
          a1 = madd(wv, v128.load(q, 16), a1);
        }
      }
      v128.store(out + (<usize>x << 2), a0);
      v128.store(out + (<usize>x << 2), a1, 16);
    }
    for (; x + 4 <= n; x += 4) {
      let a0 = f32x4.splat(0);
      for (let i = 0; i < kh; i++) {
        const r = top + <usize>i * rowStep + (<usize>x << 2);
        for (let j = 0; j < kw; j++) a0 = madd(v128.load32_splat(w0 + <usize>((i * kw + j) * wStep)), v128.load(r + (<usize>(j * dil) << 2)), a0);
      }
      v128.store(out + (<usize>x << 2), a0);
    }
  }
  for (; x < n; x++) {
    let s: f32 = 0;
    for (let i = 0; i < kh; i++) {
      const r = top + <usize>i * rowStep + (<usize>(x * sw) << 2);
      for (let j = 0; j < kw; j++) s += load<f32>(w0 + <usize>((i * kw + j) * wStep)) * load<f32>(r + (<usize>(j * dil) << 2));
    }
    store<f32>(out + (<usize>x << 2), s);
  }
}

/** dx[b, c] = the adjoint of depthwiseForward in x: every output's gradient spread over its window. */
export function depthwiseBackInput(g: usize, w: usize, dx: usize, n: i32, c: i32, xp: usize): void {
  // the window in locals: V8 reloads a mutable global at every use, in the innermost loops too
  const ih = wH;
  const iw = wW;
  const kh = wKH;
  const kw = wKW;
  const sh = wSH;
  const sw = wSW;
  const ph = wPH;
  const pw = wPW;
  const dh = wDH;
  const dil = wDW;
  const oh = wOH;
  const ow = wOW;
  const wp = paddedW();
  const img = <usize>(ih * iw) << 2;
  const plane = <usize>(oh * ow) << 2;
  const taps = kh * kw;
  if (sh == 1 && sw == 1) return gatherBackInput(g, w, dx, n, c, xp);
  for (let p = 0; p < n * c; p++) {
    memory.fill(xp, 0, <usize>(paddedH() * wp) << 2);
    const wc = w + (<usize>((p % c) * taps) << 2);
    const gp = g + <usize>p * plane;
    for (let oy = 0; oy < oh; oy++) {
      const grow = gp + (<usize>(oy * ow) << 2);
      for (let i = 0; i < kh; i++) {
        const r = xp + (<usize>((oy * sh + i * dh) * wp) << 2);
        for (let j = 0; j < kw; j++) {
          const wf = load<f32>(wc + (<usize>(i * kw + j) << 2));
          const base = r + (<usize>(j * dil) << 2);
          let ox = 0;
          if (sw == 1) {
            const wv = f32x4.splat(wf);
            for (; ox + 4 <= ow; ox += 4) {
              const q = base + (<usize>ox << 2);
              v128.store(q, madd(wv, v128.load(grow + (<usize>ox << 2)), v128.load(q)));
            }
          }
          for (; ox < ow; ox++) {
            const q = base + (<usize>(ox * sw) << 2);
            store<f32>(q, load<f32>(q) + wf * load<f32>(grow + (<usize>ox << 2)));
          }
        }
      }
    }
    // the bordered plane's interior is the gradient; what fell on the border is padding's
    const d = dx + <usize>p * img;
    for (let y = 0; y < ih; y++) copyRow(d + (<usize>(y * iw) << 2), xp + (<usize>((y + ph) * wp + pw) << 2), iw);
  }
}

/** dw[c] = Σ over images of g[b, c] ⋆ x[b, c] (window by window). */
export function depthwiseBackWeight(x: usize, g: usize, dw: usize, n: i32, c: i32, xp: usize): void {
  // the window in locals: V8 reloads a mutable global at every use, in the innermost loops too
  const ih = wH;
  const iw = wW;
  const kh = wKH;
  const kw = wKW;
  const sh = wSH;
  const sw = wSW;
  const ph = wPH;
  const pw = wPW;
  const dh = wDH;
  const dil = wDW;
  const oh = wOH;
  const ow = wOW;
  const wp = paddedW();
  const img = <usize>(ih * iw) << 2;
  const plane = <usize>(oh * ow) << 2;
  const taps = kh * kw;
  memory.fill(dw, 0, <usize>(c * taps) << 2);
  for (let p = 0; p < n * c; p++) {
    border(xp, x + <usize>p * img, wp);
    const gp = g + <usize>p * plane;
    const wc = dw + (<usize>((p % c) * taps) << 2);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        // four independent chains: one waits on each multiply-add
        let acc = f32x4.splat(0);
        let acc1 = acc;
        let acc2 = acc;
        let acc3 = acc;
        let s: f32 = 0;
        for (let oy = 0; oy < oh; oy++) {
          const xr = xp + (<usize>((oy * sh + i * dh) * wp + j * dil) << 2);
          const gr = gp + (<usize>(oy * ow) << 2);
          let ox = 0;
          if (sw == 1) {
            for (; ox + 16 <= ow; ox += 16) {
              const gq = gr + (<usize>ox << 2);
              const xq = xr + (<usize>ox << 2);
              acc = madd(v128.load(gq), v128.load(xq), acc);
              acc1 = madd(v128.load(gq, 16), v128.load(xq, 16), acc1);
              acc2 = madd(v128.load(gq, 32), v128.load(xq, 32), acc2);
              acc3 = madd(v128.load(gq, 48), v128.load(xq, 48), acc3);
            }
            for (; ox + 4 <= ow; ox += 4) {
              acc = madd(v128.load(gr + (<usize>ox << 2)), v128.load(xr + (<usize>ox << 2)), acc);
            }
          }
          for (; ox < ow; ox++) s += load<f32>(gr + (<usize>ox << 2)) * load<f32>(xr + (<usize>(ox * sw) << 2));
        }
        acc = f32x4.add(f32x4.add(acc, acc1), f32x4.add(acc2, acc3));
        s += f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
        const q = wc + (<usize>(i * kw + j) << 2);
        store<f32>(q, load<f32>(q) + s);
      }
    }
  }
}

// Stride 1: dx[y, x] = Σ w[kh−1−i, kw−1−j] · gb[y + ph + i·dh, x + pw + j·dw], gb being g with a
// border of (kh−1)·dh rows and (kw−1)·dw columns of zeros: the forward's correlation with the kernel
// flipped. Each output is written once from accumulators, where spreading g over its window read
// back rows just stored a float or two apart (stores that loads cannot forward from).
function gatherBackInput(g: usize, w: usize, dx: usize, n: i32, c: i32, gb: usize): void {
  const ih = wH;
  const iw = wW;
  const kh = wKH;
  const kw = wKW;
  const ph = wPH;
  const pw = wPW;
  const dh = wDH;
  const dil = wDW;
  const oh = wOH;
  const ow = wOW;
  const bh = (kh - 1) * dh;
  const bw = (kw - 1) * dil;
  const gw = ow + 2 * bw;
  const img = <usize>(ih * iw) << 2;
  const plane = <usize>(oh * ow) << 2;
  const taps = kh * kw;
  memory.fill(gb, 0, <usize>((oh + 2 * bh) * gw) << 2);
  for (let p = 0; p < n * c; p++) {
    // the border stays zero: every plane writes the same interior
    const gp = g + <usize>p * plane;
    for (let u = 0; u < oh; u++) copyRow(gb + (<usize>((u + bh) * gw + bw) << 2), gp + (<usize>(u * ow) << 2), ow);
    const wc = w + (<usize>((p % c) * taps) << 2);
    const last = wc + (<usize>(taps - 1) << 2); // w[kh−1, kw−1], the first tap of the flipped kernel
    const d = dx + <usize>p * img;
    for (let y = 0; y < ih; y++) {
      correlateRow(gb + (<usize>((y + ph) * gw + pw) << 2), <usize>(gw * dh) << 2, kh, kw, dil, 1, last, -4, d + (<usize>(y * iw) << 2), iw);
    }
  }
}

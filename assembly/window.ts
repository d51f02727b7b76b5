// Sliding windows over NCHW planes: im2col unfolds the windows of cg channels into columns
// [cg·kh·kw, OH·OW], col2im adds columns back onto the planes (its adjoint). Each window row is
// cut into the range of output columns that read inside the image, so the inner loops are plain
// copies (stride 1) without bounds tests.

// the window, set by setWindow before a kernel runs (globals: the runtime has no allocator)
export let wH: i32 = 0;
export let wW: i32 = 0;
export let wKH: i32 = 0;
export let wKW: i32 = 0;
export let wSH: i32 = 1;
export let wSW: i32 = 1;
export let wPH: i32 = 0;
export let wPW: i32 = 0;
export let wDH: i32 = 1;
export let wDW: i32 = 1;
export let wOH: i32 = 0;
export let wOW: i32 = 0;

export function setWindow(h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  wH = h;
  wW = w;
  wKH = kh;
  wKW = kw;
  wSH = sh;
  wSW = sw;
  wPH = ph;
  wPW = pw;
  wDH = dh;
  wDW = dw;
  wOH = oh;
  wOW = ow;
}

/** A 1×1 window, stride 1, no padding: output cell (y, x) reads pixel (y, x), the image is its own columns. */
export function isPointwise(): bool {
  return wKH == 1 && wKW == 1 && wSH == 1 && wSW == 1 && wPH == 0 && wPW == 0 && wOH == wH && wOW == wW;
}

// first output column whose pixel ox·sw + off lies at x ≥ 0
@inline function colLo(off: i32): i32 {
  return off >= 0 ? 0 : min(wOW, (-off + wSW - 1) / wSW);
}

// one past the last output column whose pixel lies at x < w
@inline function colHi(off: i32, lo: i32): i32 {
  const t = wW - 1 - off;
  return t < 0 ? lo : max(lo, min(wOW, t / wSW + 1));
}

// dst[0..n) = 0 in whole vectors: may write up to 3 floats past n (see im2col)
@inline function zeros(dst: usize, n: i32): void {
  const z = f32x4.splat(0);
  for (let i = 0; i < n; i += 4) v128.store(dst + (<usize>i << 2), z);
}

/**
 * cols[(c·kh + i)·kw + j, oy·OW + ox] = x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw], 0 outside.
 * Rows of a few dozen floats are copied in whole vectors that may run up to 3 floats past the
 * row: the next row overwrites them, so `cols` needs 4 floats of slack after its end.
 */
export function im2col(x: usize, cols: usize, cg: i32): void {
  const rowBytes = <usize>wOW << 2;
  let dst = cols;
  for (let c = 0; c < cg; c++) {
    const img = x + (<usize>(c * wH * wW) << 2);
    for (let i = 0; i < wKH; i++) {
      for (let j = 0; j < wKW; j++) {
        const off = j * wDW - wPW;
        const lo = colLo(off);
        const hi = colHi(off, lo);
        for (let oy = 0; oy < wOH; oy++, dst += rowBytes) {
          const y = oy * wSH - wPH + i * wDH;
          if (y < 0 || y >= wH || hi == lo) {
            zeros(dst, wOW);
            continue;
          }
          if (lo > 0) zeros(dst, lo);
          const src = img + (<usize>(y * wW + off) << 2);
          if (wSW == 1) {
            for (let ox = lo; ox < hi; ox += 4) v128.store(dst + (<usize>ox << 2), v128.load(src + (<usize>ox << 2)));
          } else {
            for (let ox = lo; ox < hi; ox++) store<f32>(dst + (<usize>ox << 2), load<f32>(src + (<usize>(ox * wSW) << 2)));
          }
          // clears what the vector copy wrote past hi, too
          for (let ox = hi; ox < wOW; ox++) store<f32>(dst + (<usize>ox << 2), 0);
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: x[c, y, x] += every column entry that read it (x is not cleared);
 * column rows `ld` floats apart (0: OH·OW, packed).
 */
export function col2im(cols: usize, x: usize, cg: i32, ld: i32 = 0): void {
  const rowBytes = <usize>wOW << 2;
  const skip = ld > 0 ? <usize>(ld - wOH * wOW) << 2 : 0;
  let src = cols;
  for (let c = 0; c < cg; c++) {
    const img = x + (<usize>(c * wH * wW) << 2);
    for (let i = 0; i < wKH; i++) {
      for (let j = 0; j < wKW; j++) {
        const off = j * wDW - wPW;
        const lo = colLo(off);
        const hi = colHi(off, lo);
        for (let oy = 0; oy < wOH; oy++, src += rowBytes) {
          const y = oy * wSH - wPH + i * wDH;
          if (y < 0 || y >= wH) continue;
          const to = img + (<usize>(y * wW + off) << 2);
          if (wSW == 1) addRow(to + (<usize>lo << 2), src + (<usize>lo << 2), hi - lo);
          else {
            for (let ox = lo; ox < hi; ox++) {
              const p = to + (<usize>(ox * wSW) << 2);
              store<f32>(p, load<f32>(p) + load<f32>(src + (<usize>ox << 2)));
            }
          }
        }
        src += skip;
      }
    }
  }
}

/** dst[0..n) += src[0..n) */
export function addRow(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

// Dense convolution without im2col: 2×16 register tiles (conv-tiles.ts) whose operands are read
// straight from a zero-bordered copy of the image through tables of byte offsets, so nothing is
// unfolded or packed per image. Which output axis fills the 16 lanes decides the waste: output
// channels (all 16 for most layers; any stride), or output pixels (stride 1), the better for
// layers with few channels (LeNet's conv1: 6): 16 running pixels of the plane when its rows are
// whole vectors, else 16 cells of the bordered grid (rows wp wide, the last (kw − 1)·dw cells of
// each discarded).
import { tileA, tileB, tilesB } from './conv-tiles';
import { wDH, wDW, wH, wKH, wKW, wOH, wOW, wPH, wPW, wSH, wSW, wW } from './window';

// the bordered image: rows −ph … every row a window reaches
@inline function paddedH(): i32 {
  return max(wH, (wOH - 1) * wSH - wPH + (wKH - 1) * wDH + 1) + wPH;
}
@inline function paddedW(): i32 {
  return max(wW, (wOW - 1) * wSW - wPW + (wKW - 1) * wDW + 1) + wPW;
}

// the sizes of the layer being run, set by directScratch()
export let cg: i32 = 0; // input channels per group
export let og: i32 = 0; // output channels per group
export let K: i32 = 0; // taps per output: cg·kh·kw
export let hp: i32 = 0;
export let wp: i32 = 0;
export let plane: i32 = 0; // output pixels per image
export let og16: i32 = 0; // og rounded up to whole 16-lane blocks
export let pixelLanes: bool = false; // lanes over output pixels (else over output channels)

/** Floats above K·16·⌈og/16⌉ + … the direct kernels need, or 0 when they would waste too much. */
export function directScratch(c: i32, o: i32, g: i32): i32 {
  cg = c / g;
  og = o / g;
  K = cg * wKH * wKW;
  hp = paddedH();
  wp = paddedW();
  plane = wOH * wOW;
  og16 = (og + 15) & ~15;
  // useful share of the lanes: pixels on the bordered grid (stride 1) or channels in 16-blocks
  // (rows of whole vectors waste no pixels, and short windows favour pixels: a channel tile
  // takes one step per tap and pays its call and stores per pixel pair)
  const rows: f64 = (wOW & 3) == 0 ? 1 : <f64>wOW / <f64>wp;
  const pix: f64 = wSH == 1 && wSW == 1 ? rows * (<f64>og / <f64>((og + 1) & ~1)) : 0;
  const chan: f64 = <f64>og / <f64>og16;
  pixelLanes = pix >= chan;
  if (max(pix, chan) < 0.5) return 0;
  const grid = ((wOH * wp + 15) & ~15) + 16;
  const image = cg * hp * wp + 32 + (wKW - 1) * wDW;
  const tables = 2 * (max(max(K, plane), og) + 4);
  const gbuf = max(max((plane + 2) * 16, og * grid), og * vectorSpan());
  const acc = max(((K + 1) & ~1) * og16, ((og + 1) & ~1) * ((K + 3) & ~3) * 4);
  return image + tables + gbuf + acc + ((K + 1) & ~1) * ((plane + 15) & ~15) + 32 + 96;
}

// scratch regions, laid out by carve()
export let xp: usize = 0; // the bordered image
export let offs: usize = 0; // byte offset of tap p = (c, i, j) in the bordered image
export let pix: usize = 0; // byte offset of output pixel q's window in the bordered image
export let gb: usize = 0; // output gradient rearranged
export let acc: usize = 0; // accumulated tiles
export let t: usize = 0; // the tile
export let cols: usize = 0; // unfolded columns [K, plane] (input gradient)

@inline function align(p: usize): usize {
  return (p + 63) & ~63;
}

export function carve(scratch: usize): void {
  const image = cg * hp * wp + 32 + (wKW - 1) * wDW;
  const n = max(max(K, plane), og) + 4;
  const grid = ((wOH * wp + 15) & ~15) + 16;
  xp = align(scratch);
  offs = align(xp + (<usize>image << 2));
  pix = align(offs + (<usize>n << 2));
  gb = align(pix + (<usize>n << 2));
  acc = align(gb + (<usize>max(max((plane + 2) * 16, og * grid), og * vectorSpan()) << 2));
  t = align(acc + (<usize>max(((K + 1) & ~1) * og16, ((og + 1) & ~1) * ((K + 3) & ~3) * 4) << 2));
  cols = align(t + 128);
  memory.fill(xp, 0, <usize>image << 2);
  // tap and pixel offsets
  let p = 0;
  for (let c = 0; c < cg; c++) {
    for (let i = 0; i < wKH; i++) {
      for (let j = 0; j < wKW; j++, p++) store<i32>(offs + (<usize>p << 2), ((c * hp + i * wDH) * wp + j * wDW) << 2);
    }
  }
  let q = 0;
  for (let oy = 0; oy < wOH; oy++) {
    for (let ox = 0; ox < wOW; ox++, q++) store<i32>(pix + (<usize>q << 2), (oy * wSH * wp + ox * wSW) << 2);
  }
  store<i32>(pix + (<usize>q << 2), load<i32>(pix + (<usize>max(q - 1, 0) << 2))); // the partner of an odd last pixel
}

// dst[0..n) = src[0..n): rows of a few dozen floats, where memory.copy's call costs more than the copy
@inline export function copyRow(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

// copies cg planes at src into the border of xp (the border stays zero)
export function bordered(src: usize): void {
  const img = wH * wW;
  for (let c = 0; c < cg; c++) {
    for (let y = 0; y < wH; y++) copyRow(xp + (<usize>((c * hp + y + wPH) * wp + wPW) << 2), src + (<usize>(c * img + y * wW) << 2), wW);
  }
}

// t = rows of v0 and v1 in all lanes
@inline function splatTile(v0: f32, v1: f32): void {
  const a = f32x4.splat(v0);
  const b = f32x4.splat(v1);
  for (let i = 0; i < 4; i++) {
    v128.store(t + (<usize>i << 4), a);
    v128.store(t + (<usize>i << 4), b, 64);
  }
}

@inline function biasAt(bias: usize, o: i32): f32 {
  return bias ? load<f32>(bias + (<usize>o << 2)) : 0;
}

/** out = x ⋆ w + bias for n images; params set by directScratch. */
export function directForward(x: usize, w: usize, bias: usize, out: usize, n: i32, groups: i32, scratch: usize): void {
  carve(scratch);
  const img = <usize>(wH * wW) << 2;
  const o = og * groups;
  if (!pixelLanes) {
    // B: the weights packed [k][16 channels] per block, A: two pixels' taps; the bias in a row
    const bias16 = gb;
    for (let gi = 0; gi < groups; gi++) {
      const wt = acc;
      memory.fill(wt, 0, <usize>(K * og16) << 2);
      for (let oc = 0; oc < og; oc++) {
        const dst = wt + (<usize>((oc >> 4) * K * 16 + (oc & 15)) << 2);
        const src = w + (<usize>((gi * og + oc) * K) << 2);
        for (let k = 0; k < K; k++) store<f32>(dst + (<usize>(k * 16) << 2), load<f32>(src + (<usize>k << 2)));
      }
      for (let b = 0; b < n; b++) {
        bordered(x + <usize>(b * groups + gi) * cg * img);
        const ob = out + (<usize>((b * o + gi * og) * plane) << 2);
        for (let blk = 0; blk < og; blk += 16) {
          const lanes = min(16, og - blk);
          for (let l = 0; l < 16; l++) store<f32>(bias16 + (<usize>l << 2), l < lanes ? biasAt(bias, gi * og + blk + l) : 0);
          for (let q = 0; q < plane; q += 2) {
            for (let i = 0; i < 4; i++) {
              const v = v128.load(bias16 + (<usize>i << 4));
              v128.store(t + (<usize>i << 4), v);
              v128.store(t + (<usize>i << 4), v, 64);
            }
            const a0 = xp + <usize>load<i32>(pix + (<usize>q << 2));
            const a1 = xp + <usize>load<i32>(pix + (<usize>(q + 1) << 2));
            tileA(K, a0, a1, offs, wt + (<usize>(blk * K) << 2), t);
            const two = q + 1 < plane;
            for (let l = 0; l < lanes; l++) {
              const d = ob + (<usize>((blk + l) * plane + q) << 2);
              store<f32>(d, load<f32>(t + (<usize>l << 2)));
              if (two) store<f32>(d, load<f32>(t + (<usize>(16 + l) << 2)), 4);
            }
          }
        }
      }
    }
    return;
  }
  // A: two weight rows, B: 16 pixels of the bordered image at each tap's offset: 16 running
  // pixels of the output plane when its rows are whole vectors, else 16 cells of the bordered
  // grid (rows wp wide; the cells past each row's end are discarded)
  const rowwise = (wOW & 3) == 0;
  const cells = rowwise ? plane : wOH * wp;
  for (let b = 0; b < n; b++) {
    for (let gi = 0; gi < groups; gi++) {
      bordered(x + <usize>(b * groups + gi) * cg * img);
      const ob = out + (<usize>((b * o + gi * og) * plane) << 2);
      const wr = w + (<usize>(gi * og * K) << 2);
      // (oy, ox): the cell q0
      for (let q0 = 0, oy = 0, ox = 0; q0 < cells; q0 += 16) {
        const b0 = xp + (<usize>(rowwise ? oy * wp + ox : q0) << 2);
        let b1 = b0 + 16;
        let b2 = b0 + 32;
        let b3 = b0 + 48;
        if (rowwise) {
          // each vector where its 4 pixels lie (past the plane: the last row again, not stored)
          let y = oy;
          let xx = ox + 4;
          if (xx >= wOW) (xx = 0), y++;
          b1 = xp + (<usize>(min(y, wOH - 1) * wp + xx) << 2);
          if ((xx += 4) >= wOW) (xx = 0), y++;
          b2 = xp + (<usize>(min(y, wOH - 1) * wp + xx) << 2);
          if ((xx += 4) >= wOW) (xx = 0), y++;
          b3 = xp + (<usize>(min(y, wOH - 1) * wp + xx) << 2);
        }
        const valid = min(16, plane - q0);
        if (rowwise && valid == 16) {
          const bg = bias ? bias + (<usize>(gi * og) << 2) : 0;
          tilesB(K, og, wr, b0, b1, b2, b3, offs, bg, ob + (<usize>q0 << 2), <usize>plane << 2);
        } else {
          // a part tile, or grid cells: through the tile, the valid lanes only
          for (let oc = 0; oc < og; oc += 2) {
            const o1 = min(oc + 1, og - 1);
            splatTile(biasAt(bias, gi * og + oc), biasAt(bias, gi * og + o1));
            tileB(K, wr + (<usize>(oc * K) << 2), wr + (<usize>(o1 * K) << 2), b0, b1, b2, b3, offs, t);
            const d = ob + (<usize>(oc * plane) << 2);
            if (rowwise) storeRun(d + (<usize>q0 << 2), valid, oc + 1 < og);
            else storeGrid(oy, ox, d, oc + 1 < og);
          }
        }
        if (rowwise) {
          for (ox += 16; ox >= wOW; ox -= wOW) oy++;
        } else {
          for (ox += 16; ox >= wp; ox -= wp) oy++;
        }
      }
    }
  }
}

// the first n lanes of t's two rows to d and to d + one plane
function storeRun(d: usize, n: i32, two: bool): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(d + (<usize>i << 2), v128.load(t + (<usize>i << 2)));
    if (two) v128.store(d + (<usize>(plane + i) << 2), v128.load(t + (<usize>i << 2), 64));
  }
  for (; i < n; i++) {
    store<f32>(d + (<usize>i << 2), load<f32>(t + (<usize>i << 2)));
    if (two) store<f32>(d + (<usize>(plane + i) << 2), load<f32>(t + (<usize>i << 2), 64));
  }
}

// the valid lanes of t (16 grid cells from (oy, ox), rows wp wide) into two output planes
function storeGrid(oy: i32, ox: i32, dst: usize, two: bool): void {
  for (let l = 0; l < 16 && oy < wOH; oy++, ox = 0) {
    const run = min(16 - l, wp - ox);
    const valid = ox < wOW ? min(run, wOW - ox) : 0;
    const d = dst + (<usize>(oy * wOW + ox) << 2);
    const s = t + (<usize>l << 2);
    let i = 0;
    for (; i + 4 <= valid; i += 4) {
      v128.store(d + (<usize>i << 2), v128.load(s + (<usize>i << 2)));
      if (two) v128.store(d + (<usize>(plane + i) << 2), v128.load(s + (<usize>i << 2), 64));
    }
    for (; i < valid; i++) {
      store<f32>(d + (<usize>i << 2), load<f32>(s + (<usize>i << 2)));
      if (two) store<f32>(d + (<usize>(plane + i) << 2), load<f32>(s + (<usize>i << 2), 64));
    }
    l += run;
  }
}

// floats of one channel of g laid out in rows of whole vectors, in whole strips of 16
// (an odd number of 64-byte lines: a power-of-two stride would put every channel's strip in the
// same L1 set, and a strip reads one line of each)
@inline export function vectorSpan(): i32 {
  return (((wOH * ((wOW + 3) >> 2) + 3) >> 2) << 4) | 16;
}

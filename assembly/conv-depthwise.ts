// Depthwise convolution (one input channel per output channel) computed directly: each plane is
// copied once into a zero-bordered scratch plane, so every tap reads without bounds tests, and
// stride-1 rows run 4 or 8 outputs per step in f32x4 lanes. im2col would unfold the plane kh·kw
// times for a product with a single weight row.
import { wDH, wDW, wH, wKH, wKW, wOH, wOW, wPH, wPW, wSH, wSW, wW } from './window';

// the bordered plane: rows −ph … every row a window reaches (ceil mode can pass the image)
@inline function paddedH(): i32 {
  return max(wH, (wOH - 1) * wSH - wPH + (wKH - 1) * wDH + 1) + wPH;
}
@inline function paddedW(): i32 {
  return max(wW, (wOW - 1) * wSW - wPW + (wKW - 1) * wDW + 1) + wPW;
}

/** Floats of scratch the depthwise kernels need: one bordered plane. */
export function depthwiseScratch(): i32 {
  return paddedH() * paddedW();
}

// xp = the plane at src, bordered with zeros
function border(xp: usize, src: usize, wp: i32): void {
  memory.fill(xp, 0, <usize>(paddedH() * wp) << 2);
  for (let y = 0; y < wH; y++) {
    memory.copy(xp + (<usize>((y + wPH) * wp + wPW) << 2), src + (<usize>(y * wW) << 2), <usize>wW << 2);
  }
}

/** out[b, c] = x[b, c] ⋆ w[c] for n·c planes. */
export function depthwiseForward(x: usize, w: usize, out: usize, n: i32, c: i32, xp: usize): void {
  const wp = paddedW();
  const img = <usize>(wH * wW) << 2;
  const plane = <usize>(wOH * wOW) << 2;
  const taps = wKH * wKW;
  for (let p = 0; p < n * c; p++) {
    border(xp, x + <usize>p * img, wp);
    const wc = w + (<usize>((p % c) * taps) << 2);
    const o = out + <usize>p * plane;
    for (let oy = 0; oy < wOH; oy++) {
      const orow = o + (<usize>(oy * wOW) << 2);
      let ox = 0;
      if (wSW == 1) {
        for (; ox + 8 <= wOW; ox += 8) {
          let a0 = f32x4.splat(0);
          let a1 = a0;
          for (let i = 0; i < wKH; i++) {
            const r = xp + (<usize>((oy * wSH + i * wDH) * wp + ox) << 2);
            for (let j = 0; j < wKW; j++) {
              const wv = v128.load32_splat(wc + (<usize>(i * wKW + j) << 2));
              const q = r + (<usize>(j * wDW) << 2);
              a0 = f32x4.add(a0, f32x4.mul(wv, v128.load(q)));
              a1 = f32x4.add(a1, f32x4.mul(wv, v128.load(q, 16)));
            }
          }
          v128.store(orow + (<usize>ox << 2), a0);
          v128.store(orow + (<usize>ox << 2), a1, 16);
        }
        for (; ox + 4 <= wOW; ox += 4) {
          let a0 = f32x4.splat(0);
          for (let i = 0; i < wKH; i++) {
            const r = xp + (<usize>((oy * wSH + i * wDH) * wp + ox) << 2);
            for (let j = 0; j < wKW; j++) {
              const wv = v128.load32_splat(wc + (<usize>(i * wKW + j) << 2));
              a0 = f32x4.add(a0, f32x4.mul(wv, v128.load(r + (<usize>(j * wDW) << 2))));
            }
          }
          v128.store(orow + (<usize>ox << 2), a0);
        }
      }
      for (; ox < wOW; ox++) {
        let s: f32 = 0;
        for (let i = 0; i < wKH; i++) {
          const r = xp + (<usize>((oy * wSH + i * wDH) * wp + ox * wSW) << 2);
          for (let j = 0; j < wKW; j++) s += load<f32>(wc + (<usize>(i * wKW + j) << 2)) * load<f32>(r + (<usize>(j * wDW) << 2));
        }
        store<f32>(orow + (<usize>ox << 2), s);
      }
    }
  }
}

/** dx[b, c] = the adjoint of depthwiseForward in x: every output's gradient spread over its window. */
export function depthwiseBackInput(g: usize, w: usize, dx: usize, n: i32, c: i32, xp: usize): void {
  const wp = paddedW();
  const img = <usize>(wH * wW) << 2;
  const plane = <usize>(wOH * wOW) << 2;
  const taps = wKH * wKW;
  for (let p = 0; p < n * c; p++) {
    memory.fill(xp, 0, <usize>(paddedH() * wp) << 2);
    const wc = w + (<usize>((p % c) * taps) << 2);
    const gp = g + <usize>p * plane;
    for (let oy = 0; oy < wOH; oy++) {
      const grow = gp + (<usize>(oy * wOW) << 2);
      for (let i = 0; i < wKH; i++) {
        const r = xp + (<usize>((oy * wSH + i * wDH) * wp) << 2);
        for (let j = 0; j < wKW; j++) {
          const wf = load<f32>(wc + (<usize>(i * wKW + j) << 2));
          const base = r + (<usize>(j * wDW) << 2);
          let ox = 0;
          if (wSW == 1) {
            const wv = f32x4.splat(wf);
            for (; ox + 4 <= wOW; ox += 4) {
              const q = base + (<usize>ox << 2);
              v128.store(q, f32x4.add(v128.load(q), f32x4.mul(wv, v128.load(grow + (<usize>ox << 2)))));
            }
          }
          for (; ox < wOW; ox++) {
            const q = base + (<usize>(ox * wSW) << 2);
            store<f32>(q, load<f32>(q) + wf * load<f32>(grow + (<usize>ox << 2)));
          }
        }
      }
    }
    // the bordered plane's interior is the gradient; what fell on the border is padding's
    const d = dx + <usize>p * img;
    for (let y = 0; y < wH; y++) {
      memory.copy(d + (<usize>(y * wW) << 2), xp + (<usize>((y + wPH) * wp + wPW) << 2), <usize>wW << 2);
    }
  }
}

/** dw[c] = Σ over images of g[b, c] ⋆ x[b, c] (window by window). */
export function depthwiseBackWeight(x: usize, g: usize, dw: usize, n: i32, c: i32, xp: usize): void {
  const wp = paddedW();
  const img = <usize>(wH * wW) << 2;
  const plane = <usize>(wOH * wOW) << 2;
  const taps = wKH * wKW;
  memory.fill(dw, 0, <usize>(c * taps) << 2);
  for (let p = 0; p < n * c; p++) {
    border(xp, x + <usize>p * img, wp);
    const gp = g + <usize>p * plane;
    const wc = dw + (<usize>((p % c) * taps) << 2);
    for (let i = 0; i < wKH; i++) {
      for (let j = 0; j < wKW; j++) {
        let acc = f32x4.splat(0);
        let s: f32 = 0;
        for (let oy = 0; oy < wOH; oy++) {
          const xr = xp + (<usize>((oy * wSH + i * wDH) * wp + j * wDW) << 2);
          const gr = gp + (<usize>(oy * wOW) << 2);
          let ox = 0;
          if (wSW == 1) {
            for (; ox + 4 <= wOW; ox += 4) {
              acc = f32x4.add(acc, f32x4.mul(v128.load(gr + (<usize>ox << 2)), v128.load(xr + (<usize>ox << 2))));
            }
          }
          for (; ox < wOW; ox++) s += load<f32>(gr + (<usize>ox << 2)) * load<f32>(xr + (<usize>(ox * wSW) << 2));
        }
        s += f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
        const q = wc + (<usize>(i * wKW + j) << 2);
        store<f32>(q, load<f32>(q) + s);
      }
    }
  }
}

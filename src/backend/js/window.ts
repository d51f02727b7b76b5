// Sliding windows over NCHW images (convolution and pooling geometry): im2col unfolds them into
// columns, col2im folds columns back (its adjoint). The reference the wasm kernels are tested against.
import type { Data, WindowParams } from '../backend.js';

/**
 * Visits every window row (image channel, kernel tap, output row) with the range of output
 * columns whose pixel lies inside the image: [lo, hi). The per-element work then runs in plain
 * loops without bounds tests or calls, which is most of the time of a small convolution.
 */
function windowRows(p: WindowParams, row: (img: number, y: number, dst: number, j: number, lo: number, hi: number) => void) {
  const { n, c, h, w, kh, kw, outH, outW, strideH: sh, strideW: sw, padH, padW, dilationH: dh, dilationW: dw } = p;
  const plane = outH * outW;
  for (let b = 0; b < n * c; b++) {
    const img = b * h * w;
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const base = (b * kh * kw + i * kw + j) * plane;
        const off = j * dw - padW; // x = ox·sw + off
        const lo = Math.min(outW, Math.max(0, Math.ceil(-off / sw)));
        const hi = Math.max(lo, Math.min(outW, Math.floor((w - 1 - off) / sw) + 1));
        for (let oy = 0; oy < outH; oy++) {
          const y = oy * sh - padH + i * dh;
          row(img, y < 0 || y >= h ? -1 : y, base + oy * outW, off, lo, hi);
        }
      }
  }
}

export function im2col(x: Data, out: Data, p: WindowParams) {
  // written out rather than through windowRows: im2col runs on every conv forward, and a call per
  // short row (28 or 10 pixels in LeNet) cost as much as the copying
  const { n, c, h, w, kh, kw, outH, outW, strideH: sh, strideW: sw, padH, padW, dilationH: dh, dilationW: dw, padValue } = p;
  const plane = outH * outW;
  let dst = 0;
  for (let b = 0; b < n * c; b++) {
    const img = b * h * w;
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const off = j * dw - padW;
        const lo = Math.min(outW, Math.max(0, Math.ceil(-off / sw)));
        const hi = Math.max(lo, Math.min(outW, Math.floor((w - 1 - off) / sw) + 1));
        for (let oy = 0; oy < outH; oy++, dst += outW) {
          const y = oy * sh - padH + i * dh;
          if (y < 0 || y >= h) {
            for (let ox = 0; ox < outW; ox++) out[dst + ox] = padValue;
            continue;
          }
          for (let ox = 0; ox < lo; ox++) out[dst + ox] = padValue;
          const src = img + y * w + off;
          if (sw === 1) for (let ox = lo; ox < hi; ox++) out[dst + ox] = x[src + ox];
          else for (let ox = lo; ox < hi; ox++) out[dst + ox] = x[src + ox * sw];
          for (let ox = hi; ox < outW; ox++) out[dst + ox] = padValue;
        }
      }
  }
  if (dst !== n * c * kh * kw * plane) throw new Error('im2col: internal size mismatch');
}

export function col2im(cols: Data, out: Data, p: WindowParams) {
  const { w, strideW: sw } = p;
  windowRows(p, (img, y, dst, off, lo, hi) => {
    if (y < 0) return;
    const to = img + y * w + off;
    if (sw === 1) for (let ox = lo; ox < hi; ox++) out[to + ox] += cols[dst + ox];
    else for (let ox = lo; ox < hi; ox++) out[to + ox * sw] += cols[dst + ox];
  });
}


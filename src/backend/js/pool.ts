// Max pooling kernels of the reference backend: the window maximum with the index of its first
// occurrence (what the gradient follows), and the scatter back onto the image.
import type { Data, WindowParams } from '../backend.js';

/**
 * out = the maximum of each window over n·c planes (padding never wins, NaN does); index = its
 * pixel y·w + x in the plane, the first one on ties, as PyTorch.
 */
export function maxPool2d(x: Data, out: Data, index: Int32Array, p: WindowParams): void {
  const { n, c, h, w, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = p;
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const img = plane * h * w;
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++, o++) {
        let best = -Infinity;
        let at = -1;
        for (let i = 0; i < kh; i++) {
          const y = oy * strideH - padH + i * dilationH;
          if (y < 0 || y >= h) continue;
          for (let j = 0; j < kw; j++) {
            const xx = ox * strideW - padW + j * dilationW;
            if (xx < 0 || xx >= w) continue;
            const v = x[img + y * w + xx];
            if (v > best || at < 0 || (v !== v && best === best)) {
              best = v;
              at = y * w + xx;
            }
          }
        }
        out[o] = best;
        index[o] = at;
      }
  }
}

/** out [planes, plane] = 0, then out[p, index[p, j]] += g[p, j] (index ≥ 0): max pooling's adjoint. */
export function maxUnpool2d(g: Data, index: Int32Array, out: Data, planes: number, plane: number, cells: number): void {
  out.fill(0);
  for (let p = 0, j = 0; p < planes; p++) {
    const base = p * plane;
    for (let end = j + cells; j < end; j++) if (index[j] >= 0) out[base + index[j]] += g[j];
  }
}

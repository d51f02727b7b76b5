// Convolution kernels of the reference backend: per image and group, the window is unfolded
// into columns (im2col) and multiplied by the weights in float64; the input gradient folds the
// product back (col2im). Plain and slow: the specification the wasm kernels are tested against.
import type { ConvParams, Data } from '../backend.js';
import { col2im, im2col } from './window.js';

/** Sizes shared by the three kernels: channels per group, taps per output, cells per plane. */
function dims(p: ConvParams) {
  const cg = p.c / p.groups;
  const og = p.o / p.groups;
  const plane = p.outH * p.outW;
  // one group of one image at a time: a window over cg channels, padded with zeros
  const win = { ...p, n: 1, c: cg, padValue: 0 };
  return { cg, og, k: cg * p.kh * p.kw, plane, img: p.h * p.w, win };
}

export function conv2d(x: Data, w: Data, bias: Data | null, out: Data, p: ConvParams): void {
  const { cg, og, k, plane, img, win } = dims(p);
  const cols = new Float64Array(k * plane);
  const acc = new Float64Array(plane);
  for (let b = 0; b < p.n; b++)
    for (let gi = 0; gi < p.groups; gi++) {
      const from = (b * p.c + gi * cg) * img;
      im2col(x.subarray(from, from + cg * img), cols, win);
      for (let i = 0; i < og; i++) {
        const oc = gi * og + i;
        acc.fill(bias ? bias[oc] : 0);
        for (let l = 0; l < k; l++) {
          const wv = w[oc * k + l];
          for (let q = 0, src = l * plane; q < plane; q++) acc[q] += wv * cols[src + q];
        }
        out.set(acc, (b * p.o + oc) * plane);
      }
    }
}

export function conv2dGradInput(g: Data, w: Data, dx: Data, p: ConvParams): void {
  const { cg, og, k, plane, img, win } = dims(p);
  const cols = new Float64Array(k * plane);
  dx.fill(0);
  for (let b = 0; b < p.n; b++)
    for (let gi = 0; gi < p.groups; gi++) {
      // columns = Wᵀ·g for this group, then folded back onto the image (overlaps add up)
      cols.fill(0);
      for (let i = 0; i < og; i++) {
        const oc = gi * og + i;
        const gRow = (b * p.o + oc) * plane;
        for (let l = 0; l < k; l++) {
          const wv = w[oc * k + l];
          for (let q = 0, dst = l * plane; q < plane; q++) cols[dst + q] += wv * g[gRow + q];
        }
      }
      const to = (b * p.c + gi * cg) * img;
      col2im(cols, dx.subarray(to, to + cg * img), win);
    }
}

export function conv2dGradWeight(x: Data, g: Data, dw: Data, p: ConvParams): void {
  const { cg, og, k, plane, img, win } = dims(p);
  const cols = new Float64Array(k * plane);
  const acc = new Float64Array(p.o * k);
  for (let b = 0; b < p.n; b++)
    for (let gi = 0; gi < p.groups; gi++) {
      const from = (b * p.c + gi * cg) * img;
      im2col(x.subarray(from, from + cg * img), cols, win);
      for (let i = 0; i < og; i++) {
        const oc = gi * og + i;
        const gRow = (b * p.o + oc) * plane;
        for (let l = 0; l < k; l++) {
          let s = 0;
          for (let q = 0, src = l * plane; q < plane; q++) s += g[gRow + q] * cols[src + q];
          acc[oc * k + l] += s;
        }
      }
    }
  dw.set(acc);
}

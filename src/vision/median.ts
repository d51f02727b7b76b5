import * as F from '../autograd/functional.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { toNchw, type Border, type FilterOptions } from './filters.js';

const padMode: Record<Border, 'zeros' | 'replicate' | 'reflect' | 'circular'> = { zero: 'zeros', replicate: 'replicate', reflect: 'reflect', circular: 'circular' };

/**
 * The median of each size × size window, per channel: a non-linear filter, so no kernel and no
 * gradient; it removes salt-and-pepper noise that a blur only smears. Plain loops, as
 * scipy.ndimage.median_filter (with mode 'mirror' for border 'reflect').
 * Example: medianFilter(noisy, 3)
 */
export function medianFilter(image: Tensor, size = 3, { border = 'reflect' }: FilterOptions = {}): Tensor {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0)
    throw new Error(`medianFilter: size must be a positive odd integer so the window has a centre, got ${size}`);
  if (!(border in padMode)) throw new Error(`medianFilter: unknown border '${border}'`);
  const [x, back] = toNchw(image, 'medianFilter');
  const [n, c, h, w] = x.shape;
  const r = (size - 1) / 2;
  const p = (r ? F.padImage(x.detach(), [r, r, r, r], padMode[border]) : x.detach()).values();
  const [ph, pw] = [h + 2 * r, w + 2 * r];
  const out = new Float32Array(n * c * h * w);
  const win = new Float64Array(size * size);
  const mid = (size * size - 1) / 2;
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * ph * pw;
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        let k = 0;
        for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) win[k++] = p[base + (y + i) * pw + xx + j];
        win.sort(); // typed-array sort is numeric; size² is small
        out[o++] = win[mid];
      }
    }
  }
  return back(tensor(out, { shape: [n, c, h, w], dtype: x.dtype }));
}

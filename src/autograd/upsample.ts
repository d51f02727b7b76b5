import { tensor } from '../tensor/create.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

export interface UpsampleOptions {
  /** output [H, W] (or one number for both) */
  size?: number | readonly [number, number];
  /** multiplier of H and W (or one number for both), used when size is absent */
  scaleFactor?: number | readonly [number, number];
  mode?: 'nearest' | 'bilinear';
  /** bilinear only: map corner pixel centres onto each other (PyTorch's align_corners) */
  alignCorners?: boolean;
}

/**
 * Resizes the last two axes of an NCHW image, as torch F.interpolate. Both modes are separable:
 * each axis is an indexSelect (nearest) or a weighted sum of two (bilinear), so gradients follow.
 * Example: upsample(x, { scaleFactor: 2, mode: 'bilinear' })
 */
export function upsample(x: Tensor, { size, scaleFactor, mode = 'nearest', alignCorners = false }: UpsampleOptions): Tensor {
  if (x.ndim !== 4) throw new Error(`upsample: input must be 4-D [N, C, H, W], got ${fmt(x.shape)}`);
  const [h, w] = [x.shape[2], x.shape[3]];
  const two = (v: number | readonly [number, number]) => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);
  let out: number[];
  let scale: number[];
  if (size !== undefined) {
    out = two(size);
    scale = [h / out[0], w / out[1]];
  } else if (scaleFactor !== undefined) {
    const f = two(scaleFactor);
    out = [Math.floor(h * f[0]), Math.floor(w * f[1])];
    scale = [1 / f[0], 1 / f[1]];
  } else throw new Error('upsample: give size or scaleFactor');
  if (out.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`upsample: output size ${fmt(out)} must be positive integers`);
  const axis = (t: Tensor, dim: 2 | 3, n: number, m: number, s: number): Tensor => {
    if (mode === 'nearest') return t.indexSelect(dim, Array.from({ length: m }, (_, i) => Math.min(Math.floor(i * s), n - 1)));
    const i0: number[] = [];
    const i1: number[] = [];
    const lambda: number[] = [];
    for (let i = 0; i < m; i++) {
      const src = alignCorners ? (m > 1 ? (i * (n - 1)) / (m - 1) : 0) : Math.max((i + 0.5) * s - 0.5, 0);
      const lo = Math.min(Math.floor(src), n - 1);
      i0.push(lo);
      i1.push(Math.min(lo + 1, n - 1));
      lambda.push(src - lo);
    }
    const shape = dim === 2 ? [m, 1] : [m];
    const l1 = tensor(lambda, { dtype: t.dtype, shape });
    return t.indexSelect(dim, i0).mul(l1.neg().add(1)).add(t.indexSelect(dim, i1).mul(l1));
  };
  return axis(axis(x, 2, h, out[0], scale[0]), 3, w, out[1], scale[1]);
}

import type { Tensor } from './tensor.js';

/** Readable printing in PyTorch's manner: nested brackets, aligned columns, summarised when long. */
export function format(t: Tensor): string {
  const flat = t.values();
  const isInt = t.dtype === 'int32';
  const edge = 3;
  const show = (x: number) => {
    if (isInt || !Number.isFinite(x)) return String(x);
    const a = Math.abs(x);
    if (Number.isInteger(x) && a < 1e8) return x.toFixed(1);
    // very large or small magnitudes in scientific notation, so no digit is silently rounded away
    if (a >= 1e5 || (a > 0 && a < 1e-4)) return x.toExponential(4);
    return Number(x.toPrecision(4)).toString();
  };
  // columns as wide as the widest element printed (a first pass over the shown elements)
  let width = 1;
  const rec = (dim: number, off: number): string => {
    if (dim === t.ndim) return show(flat[off]).padStart(width);
    const n = t.shape[dim];
    const step = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const idx = n > 2 * edge + 1 && t.size > 1000 ? [...Array(edge).keys(), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)] : [...Array(n).keys()];
    const parts = idx.map((i) => (i < 0 ? '...' : rec(dim + 1, off + i * step)));
    const sep = dim === t.ndim - 1 ? ', ' : ',\n' + '\n'.repeat(Math.max(0, t.ndim - dim - 2)) + ' '.repeat(dim + 8);
    return `[${parts.join(sep)}]`;
  };
  const extra = [t.dtype !== 'float32' ? `dtype=${t.dtype}` : '', t.requiresGrad ? 'requiresGrad=true' : ''].filter(Boolean);
  width = Math.max(1, ...rec(0, 0).split(/[[\],\s]+/).map((s) => (s === '...' ? 1 : s.length)));
  return `tensor(${rec(0, 0)}${extra.length ? ', ' + extra.join(', ') : ''})`;
}

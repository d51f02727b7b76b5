import { apply } from './engine.js';
import { type DType } from '../tensor/dtype.js';
import { broadcastShapes, fmt, inferShape, normAxes, normAxis, sameShape, size, type Shape } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { fresh, requireFloat } from './forward.js';

// Everything differentiable that is not a primitive: one-liners over the primitives in ops.ts,
// so their gradients follow from the chain rule.

type Axes = number | readonly number[] | undefined;

/** A number becomes a 0-d tensor of the other operand's dtype. */
function lift(x: TensorLike, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  // an int32 array would truncate it silently (PyTorch would promote to float instead)
  if (like.dtype === 'int32' && !Number.isInteger(x))
    throw new Error(`the number ${x} cannot combine with an int32 tensor; convert the tensor with .float()`);
  const t = fresh([], like.dtype, false);
  t.data[0] = x;
  return t;
}
const pair = (a: TensorLike, b: TensorLike): [Tensor, Tensor] => {
  if (a instanceof Tensor) return [a, lift(b, a)];
  if (b instanceof Tensor) return [lift(a, b), b];
  throw new Error('expected at least one tensor operand');
};

export const broadcastShape = (a: Shape, b: Shape) => broadcastShapes('broadcast', a, b);

/** Sums a broadcast gradient back to `shape`: the one place where broadcasting is undone. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes = g.shape.map((d, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1));
  return sum(g, axes, true).reshape(shape);
}

export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return fresh(shape, dtype, true);
}

// Elementwise arithmetic (NumPy broadcasting; a number adopts the tensor's dtype)
export const add = (a: TensorLike, b: TensorLike) => apply('add', pair(a, b));
export const sub = (a: TensorLike, b: TensorLike) => apply('sub', pair(a, b));
export const mul = (a: TensorLike, b: TensorLike) => apply('mul', pair(a, b));
export const div = (a: TensorLike, b: TensorLike) => apply('div', pair(a, b));
export const pow = (a: TensorLike, b: TensorLike) => apply('pow', pair(a, b));
export const maximum = (a: TensorLike, b: TensorLike) => apply('maximum', pair(a, b));
export const minimum = (a: TensorLike, b: TensorLike) => apply('minimum', pair(a, b));
export const lt = (a: TensorLike, b: TensorLike) => apply('lt', pair(a, b));
export const le = (a: TensorLike, b: TensorLike) => apply('le', pair(a, b));
/** a where b > 0, else 0 (ReLU's backward: reluMask(g, relu(x))). */
export const reluMask = (a: TensorLike, b: TensorLike): Tensor => apply('reluMask', pair(a, b));
export const gt = (a: TensorLike, b: TensorLike) => apply('lt', pair(a, b).reverse());
export const ge = (a: TensorLike, b: TensorLike) => apply('le', pair(a, b).reverse());
export const eq = (a: TensorLike, b: TensorLike) => apply('eq', pair(a, b));
export const ne = (a: TensorLike, b: TensorLike) => sub(1, eq(a, b));

export const neg = (x: Tensor) => apply('neg', [x]);
export const abs = (x: Tensor) => apply('abs', [x]);
export const sign = (x: Tensor) => apply('sign', [x]);
export const exp = (x: Tensor) => apply('exp', [x]);
export const log = (x: Tensor) => apply('log', [x]);
export const log1p = (x: Tensor) => apply('log1p', [x]);
export const sqrt = (x: Tensor) => apply('sqrt', [x]);
export const rsqrt = (x: Tensor) => div(1, sqrt(x));
export const sin = (x: Tensor) => apply('sin', [x]);
export const cos = (x: Tensor) => apply('cos', [x]);
export const tanh = (x: Tensor) => apply('tanh', [x]);
export const erf = (x: Tensor) => apply('erf', [x]);
export const sigmoid = (x: Tensor) => apply('sigmoid', [x]);
export const relu = (x: Tensor) => apply('relu', [x]);

/** cond ≠ 0 ? a : b, broadcast together. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : cond.dtype === 'int32' ? cond.to('float32') : cond;
  return apply('where', [cond, lift(a, like), lift(b, like)]);
}

/** max(x, αx) for α < 1: x where x > 0, αx elsewhere (PyTorch default α = 0.01). */
export const leakyRelu = (x: Tensor, alpha = 0.01) => where(x.gt(0), x, x.mul(alpha));
/** x for x > 0, α(eˣ − 1) otherwise (elu′(0) = α, as in PyTorch; clamp keeps eˣ finite). */
export const elu = (x: Tensor, alpha = 1) => where(x.gt(0), x, exp(clamp(x, undefined, 0)).sub(1).mul(alpha));
/**
 * log(1 + eˣ) computed as max(x, 0) + log1p(e^(−|x|)) so it never overflows. NOTE: `maximum`
 * (half the gradient on its tie at 0), not relu, so that softplus′(0) = ½.
 */
export const softplus = (x: Tensor) => maximum(x, 0).add(log1p(exp(abs(x).neg())));
/** x·Φ(x); 'tanh' is the approximation 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function gelu(x: Tensor, { approximate = 'none' }: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  if (approximate === 'tanh')
    return x.mul(0.5).mul(tanh(x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
  return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
}
/** Limits values to [min, max]; the gradient is 1 inside and on the bounds, 0 outside, as in PyTorch. */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  // where, not maximum/minimum: those split the gradient on ties, PyTorch keeps it on the bound
  let r = x;
  if (min !== undefined) r = where(r.lt(min), min, r);
  if (max !== undefined) r = where(r.gt(max), max, r);
  return r;
}

// Reductions
function reduceWith(op: 'sum' | 'amax' | 'amin', x: Tensor, axes: Axes, keepdims: boolean): Tensor {
  const ax = normAxes(op, axes, x.ndim);
  const r = apply(op, [x], { axes: ax });
  return keepdims ? r : r.reshape(x.shape.filter((_, i) => !ax.includes(i)));
}
export const sum = (x: Tensor, axes?: Axes, keepdims = false) => reduceWith('sum', x, axes, keepdims);
export const max = (x: Tensor, axes?: Axes, keepdims = false) => reduceWith('amax', x, axes, keepdims);
export const min = (x: Tensor, axes?: Axes, keepdims = false) => reduceWith('amin', x, axes, keepdims);
const count = (x: Tensor, axes: Axes) => normAxes('mean', axes, x.ndim).reduce((n, a) => n * x.shape[a], 1);
/** Arithmetic mean; floating tensors only (an int32 mean would truncate; PyTorch refuses it too). */
export function mean(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  requireFloat('mean', x);
  return sum(x, axes, keepdims).div(count(x, axes));
}
/** Variance with Bessel's correction by default (correction = 1), as torch.var. */
export function variance(x: Tensor, axes?: Axes, { keepdims = false, correction = 1 } = {}): Tensor {
  requireFloat('var', x);
  const d = x.sub(mean(x, axes, true));
  return sum(d.mul(d), axes, keepdims).div(Math.max(count(x, axes) - correction, 0));
}
export const std = (x: Tensor, axes?: Axes, opts: { keepdims?: boolean; correction?: number } = {}) =>
  sqrt(variance(x, axes, opts));

/** Index of the largest element along axis (over all elements, flattened, when axis is omitted). */
export function argmax(x: Tensor, axis?: number, keepdims = false): Tensor {
  return argWith('argmax', x, axis, keepdims);
}
export function argmin(x: Tensor, axis?: number, keepdims = false): Tensor {
  return argWith('argmin', x, axis, keepdims);
}
function argWith(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdims: boolean): Tensor {
  if (axis === undefined) return apply(op, [x.reshape([x.size])], { axis: 0 }).reshape([]);
  const a = normAxis(op, axis, x.ndim);
  const r = apply(op, [x], { axis: a });
  return keepdims ? r : r.reshape(x.shape.filter((_, i) => i !== a));
}

/** log Σ eˣ, shifted by the max so exp cannot overflow. */
export function logsumexp(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const top = max(x, axes, true).detach();
  // an infinite max would give ∞ − ∞ = NaN: shift by 0 there (the result is then ±∞, as in
  // PyTorch); checked first, as the three ops cost a tenth of a small classifier's step
  const m = top.values().every(Number.isFinite) ? top : where(top.abs().eq(Infinity), 0, top);
  const r = log(sum(exp(x.sub(m)), axes, true)).add(m);
  return keepdims ? r : r.reshape(x.shape.filter((_, i) => !normAxes('logsumexp', axes, x.ndim).includes(i)));
}
export const logSoftmax = (x: Tensor, axis = -1) => x.sub(logsumexp(x, axis, true));
export function softmax(x: Tensor, axis = -1): Tensor {
  const e = exp(x.sub(max(x, axis, true).detach()));
  return e.div(sum(e, axis, true));
}

/** Matrix product with NumPy rules: vectors are promoted and their axis dropped; batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0)
    throw new Error(`matmul: both operands need at least 1 dimension, got ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  // checked before vectors are promoted, so the message shows the shapes the caller passed
  if (a.shape[a.ndim - 1] !== b.shape[Math.max(b.ndim - 2, 0)])
    throw new Error(`matmul: inner dimensions differ: ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  const A = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const B = b.ndim === 1 ? unsqueeze(b, 1) : b;
  let r = apply('matmul', [A, B]);
  if (a.ndim === 1) r = squeeze(r, -2);
  if (b.ndim === 1) r = squeeze(r, -1);
  return r;
}

// Shapes and views
export const reshape = (x: Tensor, shape: readonly number[]) => {
  const s = inferShape('reshape', x.shape, shape);
  return sameShape(s, x.shape) ? x : apply('reshape', [x], { shape: s });
};
export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normAxis('flatten', start, x.ndim);
  const e = normAxis('flatten', end, x.ndim);
  return reshape(x, [...x.shape.slice(0, s), size(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  const ax = axes.map((a) => normAxis('permute', a, x.ndim));
  if (ax.length !== x.ndim || new Set(ax).size !== ax.length)
    throw new Error(`permute: axes ${fmt(axes)} are not a permutation of ${x.ndim} dimensions`);
  return apply('permute', [x], { axes: ax });
}
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const axes = [...Array(x.ndim).keys()];
  const [i, j] = [normAxis('transpose', a, x.ndim), normAxis('transpose', b, x.ndim)];
  [axes[i], axes[j]] = [axes[j], axes[i]];
  return permute(x, axes);
}
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  const target = shape.map((d, i) => (d === -1 ? x.shape[i - lead] : d));
  // -1 keeps an existing size only: a new leading axis needs an explicit size
  if (lead < 0 || target.some((d) => !Number.isInteger(d) || d < 0) || x.shape.some((d, i) => d !== 1 && d !== target[i + lead]))
    throw new Error(`expand: cannot expand ${fmt(x.shape)} to ${fmt(shape)}`);
  return sameShape(target, x.shape) ? x : apply('expand', [x], { shape: target });
}
export function squeeze(x: Tensor, axes?: Axes): Tensor {
  const ax = axes === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normAxes('squeeze', axes, x.ndim);
  return reshape(x, x.shape.filter((d, i) => !(ax.includes(i) && d === 1)));
}
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normAxis('unsqueeze', axis, x.ndim + 1);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}
/** Elements start, start+step, … < end along axis (negative start/end count from the end). */
export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  const a = normAxis('slice', axis, x.ndim);
  const n = x.shape[a];
  if (!Number.isInteger(step) || step < 1) throw new Error(`slice: step must be a positive integer, got ${step}`);
  const clampIdx = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clampIdx(start);
  const e = end === undefined ? n : clampIdx(end);
  const length = Math.max(0, Math.ceil((e - s) / step));
  if (s === 0 && length === n && step === 1) return x;
  return apply('slice', [x], { axis: a, start: s, step, length });
}
export const contiguous = (x: Tensor) => (x.isContiguous() ? x : apply('contiguous', [x]));
export const clone = (x: Tensor) => apply('contiguous', [x]);
export const cast = (x: Tensor, dtype: DType) => (x.dtype === dtype ? x : apply('cast', [x], { dtype }));

/** Pads each axis with [before, after] elements of `value` (pads as pairs from the first axis). */
export function pad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  if (pads.length > x.ndim) throw new Error(`pad: ${pads.length} pad pairs for a tensor of rank ${x.ndim}`);
  const full = x.shape.map((_, i) => [...(pads[i] ?? [0, 0])]);
  if (full.flat().some((p) => !Number.isInteger(p) || p < 0))
    throw new Error(`pad: pads must be non-negative integers, got ${JSON.stringify(pads)}`);
  return apply('pad', [x], { pads: full, value });
}

export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('concat: needs at least one tensor');
  if (xs[0].ndim === 0) throw new Error('concat: 0-d tensors have no axis to join; use stack');
  const a = normAxis('concat', axis, xs[0].ndim);
  for (const t of xs)
    if (t.ndim !== xs[0].ndim || t.shape.some((d, i) => i !== a && d !== xs[0].shape[i]))
      throw new Error(`concat: shapes differ off axis ${a}: ${xs.map((x) => fmt(x.shape)).join(', ')}`);
  return xs.length === 1 ? xs[0] : apply('concat', [...xs], { axis: a });
}
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('stack: needs at least one tensor');
  for (const t of xs)
    if (!sameShape(t.shape, xs[0].shape)) throw new Error(`stack: shapes differ: ${xs.map((x) => fmt(x.shape)).join(', ')}`);
  const a = normAxis('stack', axis, xs[0].ndim + 1);
  return concat(xs.map((t) => unsqueeze(t, a)), a);
}
/** Pieces of `sizes` (or of equal size `sizes`, the last smaller) along axis. */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  const a = normAxis('split', axis, x.ndim);
  const n = x.shape[a];
  const list = typeof sizes === 'number' ? Array.from({ length: Math.ceil(n / sizes) }, (_, i) => Math.min(sizes, n - i * sizes)) : sizes;
  if (list.reduce((p, q) => p + q, 0) !== n) throw new Error(`split: sizes ${fmt(list)} do not add up to ${n}`);
  let at = 0;
  return list.map((s) => slice(x, a, at, (at += s)));
}
export const chunk = (x: Tensor, chunks: number, axis = 0) =>
  split(x, Math.ceil(x.shape[normAxis('chunk', axis, x.ndim)] / chunks), axis);

// Indexing
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normAxis('gather', axis, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== a && d !== x.shape[i]))
    throw new Error(`gather: index shape ${fmt(index.shape)} must match input ${fmt(x.shape)} except on axis ${a}`);
  return apply('gather', [x, index], { axis: a });
}
export function scatterAdd(base: Tensor, axis: number, index: Tensor, src: Tensor): Tensor {
  const a = normAxis('scatterAdd', axis, base.ndim);
  if (!sameShape(index.shape, src.shape) || index.shape.some((d, i) => i !== a && d !== base.shape[i]))
    throw new Error(`scatterAdd: index ${fmt(index.shape)} and src ${fmt(src.shape)} must match base ${fmt(base.shape)} except on axis ${a}`);
  return apply('scatterAdd', [base, index, src], { axis: a });
}
const indexTensor = (i: Tensor | readonly number[]) => (i instanceof Tensor ? i : intTensor(i));
function intTensor(v: readonly number[]): Tensor {
  const t = fresh([v.length], 'int32', false);
  (t.data as Int32Array).set(v);
  return t;
}
export function indexSelect(x: Tensor, axis: number, index: Tensor | readonly number[]): Tensor {
  const idx = indexTensor(index);
  if (idx.ndim !== 1) throw new Error(`indexSelect: index must be 1-D, got ${fmt(idx.shape)}`);
  return apply('indexSelect', [x, idx], { axis: normAxis('indexSelect', axis, x.ndim) });
}
export function indexAdd(base: Tensor, axis: number, index: Tensor | readonly number[], src: Tensor): Tensor {
  return apply('indexAdd', [base, indexTensor(index), src], { axis: normAxis('indexAdd', axis, base.ndim) });
}
/** Rows of the identity: labels [..] (int32) → [.., numClasses] float32. */
export function oneHot(labels: Tensor, numClasses: number): Tensor {
  if (labels.dtype !== 'int32') throw new Error(`oneHot: labels must be int32, got ${labels.dtype}`);
  const v = labels.values();
  const out = fresh([...labels.shape, numClasses], 'float32', true);
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] >= numClasses) throw new Error(`oneHot: label ${v[i]} is out of range for ${numClasses} classes`);
    out.data[i * numClasses + v[i]] = 1;
  }
  return out;
}
export * from './conv.js';
export * from './upsample.js';

import { getBackend } from '../backend/index.js';
import type { BinaryOp, ReduceOp, UnaryOp, Strided } from '../backend/backend.js';
import { isFloat, type DType } from '../tensor/dtype.js';
import { alloc } from '../tensor/storage.js';
import { broadcastShapes, broadcastStrides, fmt, size, stridesOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

// Forward helpers shared by the primitives: allocate the output, call the backend's kernel.

const k = () => getBackend().kernels;

export function fresh(shape: Shape, dtype: DType, zero = true): Tensor {
  return new Tensor(alloc(dtype, size(shape), zero), [...shape], dtype);
}

/** A view of t's storage with another shape/strides/offset. */
export function view(t: Tensor, shape: Shape, strides: readonly number[], offset = t.offset): Tensor {
  return new Tensor(t.data, [...shape], t.dtype, { strides, offset, base: t });
}

export function requireFloat(op: string, t: Tensor): void {
  if (!isFloat(t.dtype)) throw new Error(`${op}: expects a floating tensor (float32 or float64), got ${t.dtype}; convert with .float()`);
}

export function sameDtype(op: string, ...ts: Tensor[]): DType {
  const d = ts[0].dtype;
  if (ts.every((t) => t.dtype === d)) return d;
  // suggest the floating dtype: converting floats to int32 would truncate them
  const to = ts.find((t) => isFloat(t.dtype))!.dtype;
  throw new Error(`${op}: dtypes differ: ${ts.map((x) => x.dtype).join(' and ')}; convert one with .to('${to}')`);
}

/** A contiguous tensor (copying only when needed). */
export function materialize(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  const out = fresh(t.shape, t.dtype, false);
  k().copy(t, { data: out.data, offset: 0, strides: out.strides }, t.shape);
  return out;
}

export function unary(op: UnaryOp, x: Tensor): Tensor {
  if (op !== 'neg' && op !== 'abs' && op !== 'sign' && op !== 'relu') requireFloat(op, x);
  const out = fresh(x.shape, x.dtype, false);
  k()[op](x.values(), out.data);
  return out;
}

export function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const dtype = sameDtype(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = fresh(shape, dtype, false);
  const sa: Strided = { data: a.data, offset: a.offset, strides: broadcastStrides(a.shape, a.strides, shape) };
  const sb: Strided = { data: b.data, offset: b.offset, strides: broadcastStrides(b.shape, b.strides, shape) };
  k()[op](sa, sb, out.data, shape);
  return out;
}

export function where(c: Tensor, a: Tensor, b: Tensor): Tensor {
  const dtype = sameDtype('where', a, b);
  const shape = broadcastShapes('where', c.shape, a.shape, b.shape);
  const s = (t: Tensor): Strided => ({ data: t.data, offset: t.offset, strides: broadcastStrides(t.shape, t.strides, shape) });
  const out = fresh(shape, dtype, false);
  k().where(s(c), s(a), s(b), out.data, shape);
  return out;
}

/** Reduces the given sorted axes, keeping them as size-1 dims; consecutive axes go in one pass. */
export function reduce(op: ReduceOp, x: Tensor, axes: readonly number[]): Tensor {
  let cur = materialize(x);
  let shape = [...x.shape];
  const runs: [number, number][] = [];
  for (const a of axes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === a) last[1] = a + 1;
    else runs.push([a, a + 1]);
  }
  if (runs.length === 0) return view(cur, shape, cur.strides).contiguous();
  for (const [from, to] of runs.reverse()) {
    const outer = size(shape.slice(0, from));
    const n = size(shape.slice(from, to));
    const inner = size(shape.slice(to));
    shape = [...shape.slice(0, from), ...shape.slice(from, to).map(() => 1), ...shape.slice(to)];
    if (n === 0 && op !== 'sum') throw new Error(`${op}: cannot reduce an empty axis of ${fmt(x.shape)}`);
    const out = fresh(shape, x.dtype, false);
    k()[op](cur.values(), out.data, outer, n, inner);
    cur = out;
  }
  return cur;
}

export function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number): Tensor {
  const c = materialize(x);
  const shape = [...x.shape];
  const outer = size(shape.slice(0, axis));
  const n = shape[axis];
  if (n === 0) throw new Error(`${op}: cannot reduce an empty axis of ${fmt(x.shape)}`);
  shape[axis] = 1;
  const out = fresh(shape, 'int32', false);
  k()[op](c.values(), out.data as Int32Array, outer, n, size(shape.slice(axis + 1)));
  return out;
}

/** Copies src into a strided region of a fresh `shape` tensor filled with `fill`. */
export function embed(src: Tensor, shape: Shape, offset: number, strides: readonly number[], fill = 0): Tensor {
  const out = fresh(shape, src.dtype, fill === 0);
  if (fill !== 0) out.data.fill(fill);
  k().copy(src, { data: out.data, offset, strides }, src.shape);
  return out;
}

export { stridesOf };
export const kernels = k;

import type { Data, Strided } from '../backend/backend.js';
import * as F from '../autograd/functional.js';
import type { Node } from '../autograd/engine.js';
import { backward, noteView } from '../autograd/engine.js';
import { isFloat, type DType } from './dtype.js';
import { format } from './format.js';
import { fmt, size, stridesOf, type Shape } from './shape.js';

export type Scalar = number;
export type TensorLike = Tensor | number;
type Axes = number | readonly number[];
export type NestedArray = number | boolean | NestedArray[];

/**
 * An n-dimensional array with reverse-mode autograd. Views (reshape, permute, slice, expand)
 * share storage; memory is freed by the garbage collector, never by hand.
 */
export class Tensor implements Strided {
  /** @internal the storage; views share it, so treat it as read-only */
  readonly data: Data;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** the tensor whose storage this view reads; it is kept alive as long as the view */
  readonly base: Tensor | null;
  /** gradient accumulated by backward() */
  grad: Tensor | null = null;
  /** @internal how this tensor was computed, for backward */
  node: Node | null = null;
  private _requiresGrad = false;
  /** @internal keep .grad on a non-leaf */
  retainsGrad = false;

  /** @internal use tensor(), zeros() … to create tensors */
  constructor(data: Data, shape: Shape, dtype: DType, view?: { strides: readonly number[]; offset: number; base: Tensor }) {
    this.data = data;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = view ? view.strides : stridesOf(shape);
    this.offset = view ? view.offset : 0;
    this.base = view ? (view.base.base ?? view.base) : null;
    if (this.base) noteView(this.base);
  }

  get size(): number {
    return size(this.shape);
  }
  get ndim(): number {
    return this.shape.length;
  }
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (v && !isFloat(this.dtype))
      throw new Error(`requiresGrad: only floating tensors can require gradients, got ${this.dtype}`);
    this._requiresGrad = v;
  }
  /** True for tensors created by the user (not by an op): their .grad is kept. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** Sets requiresGrad in place and returns this, as torch's requires_grad_(). */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Backpropagates from this tensor; non-scalars need the upstream gradient. */
  backward(gradient?: Tensor): void {
    backward(this, gradient);
  }
  /** The same values, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.dtype, { strides: this.strides, offset: this.offset, base: this });
  }

  isContiguous(): boolean {
    let acc = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== acc) return false;
      acc *= this.shape[i];
    }
    return true;
  }
  /** @internal the elements in row-major order as one flat array (no copy when contiguous) */
  values(): Data {
    const c = this.contiguous();
    const n = c.size;
    return c.offset === 0 && c.data.length === n ? c.data : c.data.subarray(c.offset, c.offset + n);
  }

  /** A copy of the elements as a flat typed array in row-major order. */
  dataSync(): Data {
    return this.values().slice();
  }
  /** Nested JavaScript arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const flat = this.values();
    const build = (dim: number, off: number): NestedArray => {
      if (dim === this.ndim) return flat[off];
      const step = size(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, off + i * step));
    };
    return build(0, 0);
  }
  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: expected a tensor with one element, got shape ${fmt(this.shape)}`);
    return this.data[this.offset];
  }
  toString(): string {
    return format(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return format(this);
  }

  // Arithmetic and elementwise functions
  add(o: TensorLike): Tensor { return F.add(this, o); }
  sub(o: TensorLike): Tensor { return F.sub(this, o); }
  mul(o: TensorLike): Tensor { return F.mul(this, o); }
  div(o: TensorLike): Tensor { return F.div(this, o); }
  pow(o: TensorLike): Tensor { return F.pow(this, o); }
  maximum(o: TensorLike): Tensor { return F.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return F.minimum(this, o); }
  neg(): Tensor { return F.neg(this); }
  abs(): Tensor { return F.abs(this); }
  sign(): Tensor { return F.sign(this); }
  exp(): Tensor { return F.exp(this); }
  log(): Tensor { return F.log(this); }
  log1p(): Tensor { return F.log1p(this); }
  sqrt(): Tensor { return F.sqrt(this); }
  rsqrt(): Tensor { return F.rsqrt(this); }
  square(): Tensor { return F.mul(this, this); }
  sin(): Tensor { return F.sin(this); }
  cos(): Tensor { return F.cos(this); }
  tanh(): Tensor { return F.tanh(this); }
  sigmoid(): Tensor { return F.sigmoid(this); }
  relu(): Tensor { return F.relu(this); }
  clamp(min?: number, max?: number): Tensor { return F.clamp(this, min, max); }
  // Comparisons: 0/1 tensors of the same dtype
  lt(o: TensorLike): Tensor { return F.lt(this, o); }
  le(o: TensorLike): Tensor { return F.le(this, o); }
  gt(o: TensorLike): Tensor { return F.gt(this, o); }
  ge(o: TensorLike): Tensor { return F.ge(this, o); }
  eq(o: TensorLike): Tensor { return F.eq(this, o); }
  ne(o: TensorLike): Tensor { return F.ne(this, o); }
  // Reductions
  sum(axes?: Axes, keepdims = false): Tensor { return F.sum(this, axes, keepdims); }
  mean(axes?: Axes, keepdims = false): Tensor { return F.mean(this, axes, keepdims); }
  max(axes?: Axes, keepdims = false): Tensor { return F.max(this, axes, keepdims); }
  min(axes?: Axes, keepdims = false): Tensor { return F.min(this, axes, keepdims); }
  var(axes?: Axes, opts?: { keepdims?: boolean; correction?: number }): Tensor { return F.variance(this, axes, opts); }
  std(axes?: Axes, opts?: { keepdims?: boolean; correction?: number }): Tensor { return F.std(this, axes, opts); }
  argmax(axis?: number, keepdims = false): Tensor { return F.argmax(this, axis, keepdims); }
  argmin(axis?: number, keepdims = false): Tensor { return F.argmin(this, axis, keepdims); }
  logsumexp(axes?: Axes, keepdims = false): Tensor { return F.logsumexp(this, axes, keepdims); }
  softmax(axis = -1): Tensor { return F.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return F.logSoftmax(this, axis); }
  matmul(o: Tensor): Tensor { return F.matmul(this, o); }
  // Shape and views
  reshape(...shape: number[] | [readonly number[]]): Tensor { return F.reshape(this, flatArgs(shape)); }
  view(...shape: number[] | [readonly number[]]): Tensor { return F.reshape(this, flatArgs(shape)); }
  flatten(start = 0, end = -1): Tensor { return F.flatten(this, start, end); }
  permute(...axes: number[] | [readonly number[]]): Tensor { return F.permute(this, flatArgs(axes)); }
  transpose(a = -2, b = -1): Tensor { return F.transpose(this, a, b); }
  get T(): Tensor { return F.permute(this, [...Array(this.ndim).keys()].reverse()); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return F.expand(this, flatArgs(shape)); }
  squeeze(axes?: Axes): Tensor { return F.squeeze(this, axes); }
  unsqueeze(axis: number): Tensor { return F.unsqueeze(this, axis); }
  slice(axis: number, start: number, end?: number, step = 1): Tensor { return F.slice(this, axis, start, end, step); }
  contiguous(): Tensor { return F.contiguous(this); }
  gather(axis: number, index: Tensor): Tensor { return F.gather(this, axis, index); }
  indexSelect(axis: number, index: Tensor | readonly number[]): Tensor { return F.indexSelect(this, axis, index); }
  // dtype conversion
  to(dtype: DType): Tensor { return F.cast(this, dtype); }
  float(): Tensor { return F.cast(this, 'float32'); }
  double(): Tensor { return F.cast(this, 'float64'); }
  int(): Tensor { return F.cast(this, 'int32'); }
  clone(): Tensor { return F.clone(this); }
}

function flatArgs(a: number[] | [readonly number[]]): number[] {
  return Array.isArray(a[0]) ? [...(a[0] as readonly number[])] : (a as number[]);
}

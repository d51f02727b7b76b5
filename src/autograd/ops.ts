import type { UnaryOp, BinaryOp, ConvParams, Strided, WindowParams } from '../backend/backend.js';
import { type DType } from '../tensor/dtype.js';
import { alloc, release } from '../tensor/storage.js';
import { fmt, size, stridesOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './engine.js';
import * as F from './functional.js';
import { scanBackward, scanForward, type ScanAttrs } from '../nn/recurrent-scan.js';
import {
  argReduce, binary, embed, fresh, kernels, materialize, reduce, requireFloat, sameDtype, unary, view, where,
} from './forward.js';

// The primitives. Each forward calls a kernel (or makes a view); each backward builds the input
// gradients from Tensor ops, runs under noGrad, and may return input-shaped gradients only:
// broadcasting is undone by sumTo in one place (F.sumTo).

export type Attrs = Record<string, any>;
interface Ctx {
  inputs: Tensor[];
  out: Tensor;
  attrs: Attrs;
}
export interface OpDef {
  forward: (inputs: Tensor[], attrs: Attrs) => Tensor;
  /** null: not differentiable (comparisons, argmax); the op never records a graph node */
  backward: ((g: Tensor, ctx: Ctx) => (Tensor | null)[]) | null;
}

const un = (op: UnaryOp, backward: OpDef['backward']): OpDef => ({ forward: ([x]) => unary(op, x), backward });
const bin = (op: BinaryOp, backward: OpDef['backward']): OpDef => ({ forward: ([a, b]) => binary(op, a, b), backward });
const SQRT_PI = 1.7724538509055159;

const unaryOps = {
  neg: un('neg', (g) => [g.neg()]),
  abs: un('abs', (g, { inputs: [x] }) => [g.mul(x.sign())]), // NOTE: abs'(0) = 0, as in PyTorch
  sign: un('sign', null),
  exp: un('exp', (g, { out }) => [g.mul(out)]), // d/dx eˣ = eˣ: reuse the output
  log: un('log', (g, { inputs: [x] }) => [g.div(x)]), // d/dx ln x = 1/x
  log1p: un('log1p', (g, { inputs: [x] }) => [g.div(x.add(1))]),
  sqrt: un('sqrt', (g, { out }) => [g.div(out.mul(2))]), // d/dx √x = 1/(2√x)
  sin: un('sin', (g, { inputs: [x] }) => [g.mul(x.cos())]),
  cos: un('cos', (g, { inputs: [x] }) => [g.mul(x.sin()).neg()]),
  tanh: un('tanh', (g, { out }) => [g.mul(out.mul(out).neg().add(1))]), // 1 − tanh²
  erf: un('erf', (g, { inputs: [x] }) => [g.mul(x.mul(x).neg().exp().mul(2 / SQRT_PI))]),
  sigmoid: un('sigmoid', (g, { out }) => [g.mul(out.mul(out.neg().add(1)))]), // σ(1 − σ)
  relu: un('relu', (g, { out }) => [F.reluMask(g, out)]), // NOTE: relu'(0) = 0, as in PyTorch
} satisfies { [K in UnaryOp]: OpDef };

const binaryOps = {
  add: bin('add', (g, { inputs: [a, b] }) => [F.sumTo(g, a.shape), F.sumTo(g, b.shape)]),
  sub: bin('sub', (g, { inputs: [a, b] }) => [F.sumTo(g, a.shape), F.sumTo(g.neg(), b.shape)]),
  mul: bin('mul', (g, { inputs: [a, b] }) => [F.sumTo(g.mul(b), a.shape), F.sumTo(g.mul(a), b.shape)]),
  // d(a/b)/db = −a/b² = −out/b
  div: bin('div', (g, { inputs: [a, b], out }) => [F.sumTo(g.div(b), a.shape), F.sumTo(g.mul(out).div(b).neg(), b.shape)]),
  pow: bin('pow', (g, { inputs: [a, b], out }) => [
    F.sumTo(g.mul(b).mul(a.pow(b.sub(1))), a.shape),
    // d/db aᵇ = aᵇ ln a; taken as 0 where a = 0, as PyTorch does
    b.requiresGrad ? F.sumTo(g.mul(F.where(a.eq(0), 0, out.mul(a.log()))), b.shape) : null,
  ]),
  // ties split the gradient in half, as in PyTorch
  maximum: bin('maximum', (g, { inputs: [a, b] }) => tieSplit(g, a, b, a.gt(b))),
  minimum: bin('minimum', (g, { inputs: [a, b] }) => tieSplit(g, a, b, a.lt(b))),
  lt: bin('lt', null),
  le: bin('le', null),
  eq: bin('eq', null),
  // linear in a; the mask is piecewise constant in b, so b gets no gradient
  reluMask: bin('reluMask', (g, { inputs: [a, b] }) => [F.sumTo(F.reluMask(g, b), a.shape), null]),
} satisfies { [K in BinaryOp]: OpDef };

/** Gradient of max/min(a, b): to a where aWins, to b where b wins, half each on ties. */
function tieSplit(g: Tensor, a: Tensor, b: Tensor, aWins: Tensor): [Tensor, Tensor] {
  const gA = g.mul(F.where(aWins, 1, F.where(a.eq(b), 0.5, 0)));
  // maximum(x, x) = x: the two halves add back up to g
  return [F.sumTo(gA, a.shape), F.sumTo(g.sub(gA), b.shape)];
}

export const ops = {
  ...unaryOps,
  ...binaryOps,
  where: {
    forward: ([c, a, b]) => where(c, a, b),
    backward: (g, { inputs: [c, a, b] }) => [null, F.sumTo(F.where(c, g, 0), a.shape), F.sumTo(F.where(c, 0, g), b.shape)],
  },
  /** attrs.axes: sorted axes to reduce; the output keeps them as size 1 */
  sum: {
    forward: ([x], { axes }) => reduce('sum', x, axes),
    backward: (g, { inputs: [x] }) => [g.expand(x.shape)],
  },
  amax: {
    forward: ([x], { axes }) => reduce('amax', x, axes),
    backward: (g, { inputs: [x], out, attrs }) => [extremumGrad(g, x, out, attrs.axes)],
  },
  amin: {
    forward: ([x], { axes }) => reduce('amin', x, axes),
    backward: (g, { inputs: [x], out, attrs }) => [extremumGrad(g, x, out, attrs.axes)],
  },
  argmax: { forward: ([x], { axis }) => argReduce('argmax', x, axis), backward: null },
  argmin: { forward: ([x], { axis }) => argReduce('argmin', x, axis), backward: null },
  cast: {
    forward: ([x], { dtype }) => {
      const out = fresh(x.shape, dtype as DType, false);
      const v = x.values();
      if (dtype === 'int32') for (let i = 0; i < v.length; i++) out.data[i] = Math.trunc(v[i]);
      else out.data.set(v);
      return out;
    },
    backward: (g, { inputs: [x] }) => [x.dtype === 'int32' ? null : g.to(x.dtype)],
  },
  // always a fresh copy: F.contiguous skips contiguous inputs, and clone() must never share storage
  contiguous: { forward: ([x]) => embed(x, x.shape, 0, stridesOf(x.shape)), backward: (g) => [g] },
  /** attrs.shape: the target shape (already resolved); a view when the input is contiguous */
  reshape: {
    forward: ([x], { shape }) => {
      const c = materialize(x);
      return view(c, shape, stridesOf(shape), c.offset);
    },
    backward: (g, { inputs: [x] }) => [g.reshape(x.shape)],
  },
  /** attrs.shape: the broadcast target; a view with stride 0 on the new axes */
  expand: {
    forward: ([x], { shape }) => {
      const lead = shape.length - x.ndim;
      const strides = shape.map((d: number, i: number) => (i < lead || x.shape[i - lead] !== d ? 0 : x.strides[i - lead]));
      return view(x, shape, strides);
    },
    backward: (g, { inputs: [x] }) => [F.sumTo(g, x.shape)],
  },
  permute: {
    forward: ([x], { axes }) => view(x, axes.map((a: number) => x.shape[a]), axes.map((a: number) => x.strides[a])),
    backward: (g, { attrs: { axes } }) => {
      const inv: number[] = [];
      axes.forEach((a: number, i: number) => (inv[a] = i));
      return [g.permute(inv)];
    },
  },
  /** attrs: axis, start, step, length (already clamped); a view */
  slice: {
    forward: ([x], { axis, start, step, length }) => {
      const shape = [...x.shape];
      shape[axis] = length;
      const strides = [...x.strides];
      strides[axis] *= step;
      return view(x, shape, strides, x.offset + start * x.strides[axis]);
    },
    backward: (g, { inputs: [x], attrs: { axis, start, step } }) => {
      const st = stridesOf(x.shape);
      const strides = [...st];
      strides[axis] *= step;
      return [embed(g, x.shape, start * st[axis], strides)];
    },
  },
  /** attrs.pads: [before, after] per axis (non-negative), attrs.value: the fill */
  pad: {
    forward: ([x], { pads, value }) => {
      const shape = x.shape.map((d, i) => d + pads[i][0] + pads[i][1]);
      const st = stridesOf(shape);
      const offset = pads.reduce((acc: number, p: number[], i: number) => acc + p[0] * st[i], 0);
      return embed(x, shape, offset, st, value);
    },
    backward: (g, { inputs: [x], attrs: { pads } }) => {
      let r = g;
      x.shape.forEach((d, i) => (r = r.slice(i, pads[i][0], pads[i][0] + d)));
      return [r];
    },
  },
  /** attrs.axis; all inputs share every other dimension */
  concat: {
    forward: (xs, { axis }) => {
      const dtype = sameDtype('concat', ...xs);
      const shape = [...xs[0].shape];
      shape[axis] = xs.reduce((acc, t) => acc + t.shape[axis], 0);
      const out = fresh(shape, dtype, false);
      let at = 0;
      for (const t of xs) {
        kernels().copy(t, { data: out.data, offset: at * out.strides[axis], strides: out.strides }, t.shape);
        at += t.shape[axis];
      }
      return out;
    },
    backward: (g, { inputs, attrs: { axis } }) => {
      let at = 0;
      return inputs.map((t) => g.slice(axis, at, (at += t.shape[axis])));
    },
  },
  matmul: {
    forward: ([a, b]) => matmulForward(a, b),
    // dA = G·Bᵀ, dB = Aᵀ·G; sumTo folds broadcast batch dims back
    backward: (g, { inputs: [a, b] }) => [
      a.requiresGrad ? F.sumTo(g.matmul(b.transpose(-1, -2)), a.shape) : null,
      b.requiresGrad ? F.sumTo(a.transpose(-1, -2).matmul(g), b.shape) : null,
    ],
  },
  /**
   * y = x·Wᵀ + b for x [N, in], W [out, in], b [out] or absent. One GEMM reads W transposed where
   * it lies and the bias is added into its output; backward's dW = gᵀ·x comes out in W's own
   * [out, in] layout. (Composed of matmul and add, the same layer costs transposing copies.)
   */
  linear: {
    forward: ([x, w, b]) => linearForward(x, w, b),
    backward: (g, { inputs: [x, w, b] }) => [
      x.requiresGrad ? g.matmul(w) : null,
      w.requiresGrad ? g.T.matmul(x) : null,
      b?.requiresGrad ? g.sum(0) : null,
    ],
  },
  /**
   * One direction of a recurrent layer over a whole sequence, fused: per-step slices of the input
   * projection would make backward O(T²) (each slice's gradient is embedded at full size).
   * inputs gi, W_hh, h0 [, c0, b_hh, mask]; attrs: ScanAttrs (nn/recurrent-scan.ts)
   */
  recurrentScan: {
    forward: (xs, a) => scanForward(xs, a as ScanAttrs),
    backward: (g, { inputs, out, attrs }) => scanBackward(g, inputs, out, attrs as ScanAttrs),
  },
  /** out[…, j, …] = x[…, index[…, j, …], …] along attrs.axis; index has x's shape but on that axis */
  gather: {
    forward: ([x, idx], { axis }) => {
      const out = fresh(idx.shape, x.dtype, false);
      const [outer, n, m, inner] = axisSplit(x.shape, idx.shape, axis);
      kernels().gather(x.values(), checkIndex('gather', idx, n), out.data, outer, n, m, inner);
      return out;
    },
    backward: (g, { inputs: [x, idx], attrs: { axis } }) => [F.scatterAdd(F.zeros(x.shape, x.dtype), axis, idx, g), null],
  },
  /** out = base with src added at index along attrs.axis (duplicates accumulate) */
  scatterAdd: {
    forward: ([base, idx, src], { axis }) => {
      const out = materialize(base.clone());
      const [outer, n, m, inner] = axisSplit(base.shape, idx.shape, axis);
      kernels().scatterAdd(materialize(src).values(), checkIndex('scatterAdd', idx, n), out.data, outer, n, m, inner);
      return out;
    },
    backward: (g, { inputs: [, idx], attrs: { axis } }) => [g, null, g.gather(axis, idx)],
  },
  /** out = x's slices at the 1-D index along attrs.axis (embedding lookup) */
  indexSelect: {
    forward: ([x, idx], { axis }) => {
      const shape = [...x.shape];
      shape[axis] = idx.size;
      const out = fresh(shape, x.dtype, false);
      const [outer, n, m, inner] = axisSplit(x.shape, shape, axis);
      kernels().indexSelect(x.values(), checkIndex('indexSelect', idx, n), out.data, outer, n, m, inner);
      return out;
    },
    backward: (g, { inputs: [x, idx], attrs: { axis } }) => [F.indexAdd(F.zeros(x.shape, x.dtype), axis, idx, g), null],
  },
  /** out = base with src's slices added at the 1-D index along attrs.axis */
  indexAdd: {
    forward: ([base, idx, src], { axis }) => {
      const out = materialize(base.clone());
      const [outer, n, m, inner] = axisSplit(base.shape, src.shape, axis);
      kernels().indexAdd(materialize(src).values(), checkIndex('indexAdd', idx, n), out.data, outer, n, m, inner);
      return out;
    },
    backward: (g, { inputs: [, idx], attrs: { axis } }) => [g, null, g.indexSelect(axis, idx)],
  },
  /** sliding windows of an NCHW image as columns; attrs.geometry: WindowParams less the input dims */
  im2col: {
    forward: ([x], { geometry }) => im2col(x, geometry),
    backward: (g, { inputs: [x], attrs: { geometry } }) => [col2im(g, { ...geometry, c: x.shape[1], h: x.shape[2], w: x.shape[3] })],
  },
  /** the adjoint of im2col: columns folded into an [N, c, h, w] image, overlaps summed */
  col2im: {
    forward: ([cols], { geometry }) => col2im(cols, geometry),
    backward: (g, { attrs: { geometry } }) => [im2col(g, { ...geometry, padValue: 0 })],
  },
  /**
   * out = x ⋆ w + bias (cross-correlation, zero padding; the bias input is optional); attrs:
   * geometry (the window, as im2col), groups, and h, w (the input's spatial size). Fused: unfolding
   * the image into columns costs more than the product on small layers, and the kernels never
   * materialise them as a tensor; the bias rides along to save a pass over the output.
   */
  conv2d: {
    forward: ([x, w, b]: Tensor[], a: Attrs): Tensor =>
      convKernel('conv2d', x, w, [x.shape[0], w.shape[0], a.geometry.outH, a.geometry.outW], convParams(a, x.shape[0], x.shape[1], w.shape[0]), b),
    // each of the three convolution primitives is linear in both inputs: their gradients are the other two
    backward: (g: Tensor, { inputs: [x, w, b], attrs }: Ctx): (Tensor | null)[] => [
      x.requiresGrad ? apply('conv2dGradInput', [g, w], attrs) : null,
      w.requiresGrad ? apply('conv2dGradWeight', [x, g], attrs) : null,
      b?.requiresGrad ? g.sum([0, 2, 3]) : null,
    ],
  },
  /** conv2d's input gradient of g [N, O, OH, OW] for weight w (a transposed convolution); same attrs */
  conv2dGradInput: {
    forward: ([g, w]: Tensor[], a: Attrs): Tensor => convKernel('conv2dGradInput', g, w, [g.shape[0], w.shape[1] * a.groups, a.h, a.w], convParams(a, g.shape[0], w.shape[1] * a.groups, g.shape[1])),
    backward: (gz: Tensor, { inputs: [g, w], attrs }: Ctx): (Tensor | null)[] => [
      g.requiresGrad ? apply('conv2d', [gz, w], attrs) : null,
      w.requiresGrad ? apply('conv2dGradWeight', [gz, g], attrs) : null,
    ],
  },
  /** conv2d's weight gradient for input x and output gradient g; same attrs */
  conv2dGradWeight: {
    forward: ([x, g]: Tensor[], a: Attrs): Tensor => convKernel('conv2dGradWeight', x, g, [g.shape[1], x.shape[1] / a.groups, a.geometry.kh, a.geometry.kw], convParams(a, x.shape[0], x.shape[1], g.shape[1])),
    backward: (gu: Tensor, { inputs: [x, g], attrs }: Ctx): (Tensor | null)[] => [
      x.requiresGrad ? apply('conv2dGradInput', [g, gu], attrs) : null,
      g.requiresGrad ? apply('conv2d', [x, gu], attrs) : null,
    ],
  },
  /** the maximum of each window; attrs.geometry as im2col (the gradient goes to the first maximum, as PyTorch) */
  maxPool2d: {
    forward: ([x]: Tensor[], { geometry }: Attrs): Tensor => maxPoolForward(x, geometry),
    backward: (g: Tensor, { inputs: [x], out, attrs }: Ctx): (Tensor | null)[] => {
      const index = poolIndex.get(out)!;
      const gx = apply('maxUnpool2d', [g], { index, h: x.shape[2], w: x.shape[3], geometry: attrs.geometry });
      // backward runs once and records nothing, so the index is dead: its array serves the next forward
      poolIndex.delete(out);
      release(index);
      return [gx];
    },
  },
  /**
   * max pooling's adjoint: g [N, C, OH, OW] added at attrs.index (pixels y·w + x of [h, w] planes),
   * zeros elsewhere; attrs.geometry, the pooling's window where known, lets 2×2 tiles skip the zeroing
   */
  maxUnpool2d: {
    forward: ([g]: Tensor[], { index, h, w, geometry }: Attrs): Tensor => {
      const [n, c, oh, ow] = g.shape;
      const out = fresh([n, c, h, w], g.dtype, false);
      kernels().maxUnpool2d(g.values(), index, out.data, n * c, h * w, oh * ow, geometry && tiles2x2(geometry, h, w, oh, ow) ? w : 0);
      return out;
    },
    // the adjoint of a scatter is the gather at the same pixels
    backward: (gz: Tensor, { inputs: [g], attrs: { index } }: Ctx): (Tensor | null)[] => {
      const [n, c, oh, ow] = g.shape;
      const idx = new Tensor(index, [n * c, oh * ow], 'int32');
      return [gz.reshape([n * c, gz.shape[2] * gz.shape[3]]).gather(1, idx).reshape(g.shape)];
    },
  },
} satisfies Record<string, OpDef>;

export type OpName = keyof typeof ops;

/** The gradient of amax/amin flows to every element equal to the extremum, split evenly. */
function extremumGrad(g: Tensor, x: Tensor, out: Tensor, axes: number[]): Tensor {
  const mask = x.eq(out).to(g.dtype);
  return g.mul(mask).div(mask.sum(axes, true));
}

function axisSplit(xShape: readonly number[], iShape: readonly number[], axis: number): [number, number, number, number] {
  return [size(xShape.slice(0, axis)), xShape[axis], iShape[axis], size(xShape.slice(axis + 1))];
}

function checkIndex(op: string, idx: Tensor, n: number): Int32Array {
  if (idx.dtype !== 'int32') throw new Error(`${op}: index must be an int32 tensor, got ${idx.dtype}`);
  const v = idx.values() as Int32Array;
  for (let i = 0; i < v.length; i++)
    if (v[i] < 0 || v[i] >= n) throw new Error(`${op}: index ${v[i]} is out of range for an axis of size ${n}`);
  return v;
}

/** The matrix part of a view: plain row-major (trans = false), transposed (true), or neither. */
function layout(t: Tensor): boolean | null {
  const r = t.ndim;
  const [s0, s1] = [t.strides[r - 2], t.strides[r - 1]];
  const [d0, d1] = [t.shape[r - 2], t.shape[r - 1]];
  if ((s1 === 1 || d1 === 1) && (s0 === d1 || d0 === 1)) return false;
  if ((s0 === 1 || d0 === 1) && (s1 === d0 || d1 === 1)) return true;
  return null;
}

/** Batch stride when the batch dims are one uniformly strided run (or all broadcast); else null. */
function batchStride(t: Tensor, batchShape: number[]): number | null {
  const lead = batchShape.length - (t.ndim - 2);
  const dims = batchShape.map((d, i) => (i < lead ? 1 : t.shape[i - lead]));
  if (dims.every((d) => d === 1)) return 0;
  if (!dims.every((d, i) => d === batchShape[i])) return null;
  const mat = t.shape[t.ndim - 2] * t.shape[t.ndim - 1];
  const st = t.strides.slice(0, t.ndim - 2);
  let acc = mat;
  for (let i = st.length - 1; i >= 0; i--) {
    if (t.shape[i] !== 1 && st[i] !== acc) return null;
    acc *= t.shape[i];
  }
  return mat;
}

/** Both operands have at least 2 dims here; F.matmul turns vectors into matrices and back. */
function matmulForward(a: Tensor, b: Tensor): Tensor {
  requireFloat('matmul', a);
  const dtype = sameDtype('matmul', a, b);
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) throw new Error(`matmul: inner dimensions differ: ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  let batchShape: number[];
  try {
    batchShape = F.broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    throw new Error(`matmul: batch dimensions cannot broadcast: ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  }
  const prep = (t: Tensor, rows: number, cols: number): [Tensor, boolean, number] => {
    const tr = layout(t);
    const bs = batchStride(t, batchShape);
    if (tr !== null && bs !== null) return [t, tr, bs];
    return [materialize(t.expand([...batchShape, rows, cols])), false, rows * cols];
  };
  const [A, transA, aBatchStride] = prep(a, m, k);
  const [B, transB, bBatchStride] = prep(b, k, n);
  const out = fresh([...batchShape, m, n], dtype, false);
  kernels().matmul(A.data, B.data, out.data, {
    batch: size(batchShape), m, k, n, aBatchStride, bBatchStride, transA, transB, aOffset: A.offset, bOffset: B.offset,
  });
  return out;
}

function linearForward(x: Tensor, w: Tensor, b: Tensor | undefined): Tensor {
  const out = matmulForward(x, w.T);
  if (b) {
    sameDtype('linear', x, w, b);
    // in place: each output element reads only itself and its bias
    const rows: Strided = { data: out.data, offset: 0, strides: out.strides };
    kernels().add(rows, { data: b.data, offset: b.offset, strides: [0, b.strides[0]] }, out.data, out.shape);
  }
  return out;
}

type Geometry = Omit<WindowParams, 'n' | 'c' | 'h' | 'w'>;

function im2col(x: Tensor, geometry: Geometry): Tensor {
  const p = { ...geometry, n: x.shape[0], c: x.shape[1], h: x.shape[2], w: x.shape[3] };
  const out = fresh([p.n, p.c * p.kh * p.kw, p.outH * p.outW], x.dtype, false);
  kernels().im2col(x.values(), out.data, p);
  return out;
}

// written out, not spread: V8 copies a spread object through its slow runtime path here (~20 µs)
function convParams(a: Attrs, n: number, c: number, o: number): ConvParams {
  const g = a.geometry as Geometry;
  return {
    n, c, h: a.h, w: a.w, o, groups: a.groups, kh: g.kh, kw: g.kw, strideH: g.strideH, strideW: g.strideW,
    padH: g.padH, padW: g.padW, dilationH: g.dilationH, dilationW: g.dilationW, outH: g.outH, outW: g.outW, padValue: 0,
  };
}

function convKernel(op: 'conv2d' | 'conv2dGradInput' | 'conv2dGradWeight', a: Tensor, b: Tensor, shape: number[], p: ConvParams, bias?: Tensor): Tensor {
  requireFloat(op, a);
  const out = fresh(shape, bias ? sameDtype(op, a, b, bias) : sameDtype(op, a, b), false);
  if (op === 'conv2d') kernels().conv2d(a.values(), b.values(), bias ? bias.values() : null, out.data, p);
  else kernels()[op](a.values(), b.values(), out.data, p);
  return out;
}

/** Whether a pooling's windows are the disjoint 2×2 blocks that tile its h×w input exactly. */
function tiles2x2(g: Geometry, h: number, w: number, oh: number, ow: number): boolean {
  const ones = g.dilationH === 1 && g.dilationW === 1 && g.padH === 0 && g.padW === 0;
  return ones && g.kh === 2 && g.kw === 2 && g.strideH === 2 && g.strideW === 2 && h === 2 * oh && w === 2 * ow;
}

// each max-pooling output's winning pixels, for its backward (collected with the output)
const poolIndex = new WeakMap<Tensor, Int32Array>();

function maxPoolForward(x: Tensor, geometry: Geometry): Tensor {
  const p = { ...geometry, n: x.shape[0], c: x.shape[1], h: x.shape[2], w: x.shape[3] };
  const out = fresh([p.n, p.c, p.outH, p.outW], x.dtype, false);
  const index = alloc('int32', out.size, false) as Int32Array; // released by backward
  kernels().maxPool2d(x.values(), out.data, index, p);
  poolIndex.set(out, index);
  return out;
}

function col2im(cols: Tensor, geometry: Geometry & { c: number; h: number; w: number }): Tensor {
  const p = { ...geometry, n: cols.shape[0], padValue: 0 };
  const out = fresh([p.n, p.c, p.h, p.w], cols.dtype, true);
  kernels().col2im(cols.values(), out.data, p);
  return out;
}

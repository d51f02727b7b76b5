import type { Data, Kernels, MatmulParams, Strided } from '../backend.js';
import { conv2d, conv2dGradInput, conv2dGradWeight } from './conv.js';
import { erf } from './erf.js';
import { adam, sgd } from './optim.js';
import { maxPool2d, maxUnpool2d } from './pool.js';
import { col2im, im2col } from './window.js';

// The reference backend: plain loops, the executable specification the wasm kernels are tested
// against. Kept simple, with fast paths only where the MLP path needs them.

const unary = (f: (x: number) => number) => (x: Data, out: Data) => {
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
};

/** Calls body(ia, ib, io) for every element of `shape`, walking two strided inputs. */
function walk2(a: Strided, b: Strided, shape: readonly number[], body: (ia: number, ib: number, io: number) => void) {
  const rank = shape.length;
  const n = shape.reduce((x, y) => x * y, 1);
  if (n === 0) return;
  const idx = new Array<number>(rank).fill(0);
  let ia = a.offset;
  let ib = b.offset;
  const last = rank - 1;
  const inner = rank ? shape[last] : 1;
  const sa = rank ? a.strides[last] : 0;
  const sb = rank ? b.strides[last] : 0;
  for (let io = 0; io < n; ) {
    for (let j = 0; j < inner; j++, io++) body(ia + j * sa, ib + j * sb, io);
    // carry into the outer axes
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      ia += a.strides[d];
      ib += b.strides[d];
      if (idx[d] < shape[d]) break;
      ia -= a.strides[d] * shape[d];
      ib -= b.strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function isPlain(v: Strided, shape: readonly number[], n: number): boolean {
  if (v.data.length < v.offset + n) return false;
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && v.strides[i] !== acc) return false;
    acc *= shape[i];
  }
  return true;
}
const isScalar = (v: Strided) => v.strides.every((s) => s === 0);

const binary = (f: (x: number, y: number) => number) =>
  (a: Strided, b: Strided, out: Data, shape: readonly number[]) => {
    const n = out.length;
    const A = a.data;
    const B = b.data;
    const oa = a.offset;
    const ob = b.offset;
    const pa = isPlain(a, shape, n);
    const pb = isPlain(b, shape, n);
    if (pa && pb) for (let i = 0; i < n; i++) out[i] = f(A[oa + i], B[ob + i]);
    else if (pa && isScalar(b)) for (let i = 0, y = B[ob]; i < n; i++) out[i] = f(A[oa + i], y);
    else if (isScalar(a) && pb) for (let i = 0, x = A[oa]; i < n; i++) out[i] = f(x, B[ob + i]);
    else walk2(a, b, shape, (ia, ib, io) => (out[io] = f(A[ia], B[ib])));
  };

const reduce = (init: number, f: (acc: number, x: number) => number) =>
  (x: Data, out: Data, outer: number, n: number, inner: number) => {
    for (let o = 0; o < outer; o++) {
      const base = o * n * inner;
      if (inner === 1) {
        let acc = init;
        for (let j = 0; j < n; j++) acc = f(acc, x[base + j]);
        out[o] = acc;
        continue;
      }
      const row = o * inner;
      for (let i = 0; i < inner; i++) out[row + i] = init;
      for (let j = 0; j < n; j++) {
        const src = base + j * inner;
        for (let i = 0; i < inner; i++) out[row + i] = f(out[row + i], x[src + i]);
      }
    }
  };

const argReduce = (better: (x: number, best: number) => boolean) =>
  (x: Data, out: Int32Array, outer: number, n: number, inner: number) => {
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let best = 0;
        let bv = x[base];
        for (let j = 1; j < n; j++) {
          const v = x[base + j * inner];
          if (better(v, bv) || (Number.isNaN(v) && !Number.isNaN(bv))) [best, bv] = [j, v];
        }
        out[o * inner + i] = best;
      }
  };

function copy(src: Strided, dst: Strided, shape: readonly number[]) {
  const S = src.data;
  const D = dst.data;
  walk2(src, dst, shape, (is, id) => (D[id] = S[is]));
}

function where(c: Strided, a: Strided, b: Strided, out: Data, shape: readonly number[]) {
  // walk (a, b) for the values, then (c, out) for the choice; `out` holds a's value meanwhile
  const contig = { data: out, offset: 0, strides: contiguousStrides(shape) };
  const B = new Float64Array(out.length);
  walk2(a, b, shape, (ia, ib, io) => {
    out[io] = a.data[ia];
    B[io] = b.data[ib];
  });
  walk2(c, contig, shape, (ic, io) => {
    if (c.data[ic] === 0) out[io] = B[io];
  });
}

function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  for (let i = shape.length - 1, acc = 1; i >= 0; acc *= shape[i--]) s[i] = acc;
  return s;
}

/** Copies op(X) of one batch into a row-major rows×cols array, so the product loop is uniform. */
function pack(x: Data, off: number, rows: number, cols: number, trans: boolean, to: Float64Array) {
  if (trans) for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) to[r * cols + c] = x[off + c * rows + r];
  else for (let i = 0; i < rows * cols; i++) to[i] = x[off + i];
}

/** out = op(A)·op(B) per batch: packed row-major operands, i-k-j order streaming rows of B. */
function matmul(a: Data, b: Data, out: Data, p: MatmulParams) {
  const { batch, m, k, n } = p;
  const A = new Float64Array(m * k);
  const B = new Float64Array(k * n);
  const row = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    if (t === 0 || p.aBatchStride) pack(a, p.aOffset + t * p.aBatchStride, m, k, p.transA, A);
    if (t === 0 || p.bBatchStride) pack(b, p.bOffset + t * p.bBatchStride, k, n, p.transB, B);
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let l = 0; l < k; l++) {
        const x = A[i * k + l];
        if (x === 0) continue;
        for (let j = 0, base = l * n; j < n; j++) row[j] += x * B[base + j];
      }
      out.set(row, t * m * n + i * n);
    }
  }
}

function gather(x: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number) {
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++)
      for (let i = 0; i < inner; i++) {
        const p = (o * m + j) * inner + i;
        out[p] = x[(o * n + idx[p]) * inner + i];
      }
}

function scatterAdd(src: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number) {
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++)
      for (let i = 0; i < inner; i++) {
        const p = (o * m + j) * inner + i;
        out[(o * n + idx[p]) * inner + i] += src[p];
      }
}

function indexSelect(x: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number) {
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++) {
      const from = (o * n + idx[j]) * inner;
      const to = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = x[from + i];
    }
}

function indexAdd(src: Data, idx: Int32Array, out: Data, outer: number, n: number, m: number, inner: number) {
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++) {
      const to = (o * n + idx[j]) * inner;
      const from = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] += src[from + i];
    }
}

export const jsKernels: Kernels = {
  neg: unary((x) => -x),
  abs: unary(Math.abs),
  sign: unary(Math.sign),
  exp: unary(Math.exp),
  log: unary(Math.log),
  log1p: unary(Math.log1p),
  sqrt: unary(Math.sqrt),
  sin: unary(Math.sin),
  cos: unary(Math.cos),
  tanh: unary(Math.tanh),
  erf: unary(erf),
  // split by sign so exp never overflows
  sigmoid: unary((x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))),
  relu: unary((x) => (x > 0 ? x : 0)),
  add: binary((x, y) => x + y),
  sub: binary((x, y) => x - y),
  mul: binary((x, y) => x * y),
  div: binary((x, y) => x / y),
  pow: binary(Math.pow),
  maximum: binary((x, y) => (x >= y || Number.isNaN(x) ? x : y)),
  minimum: binary((x, y) => (x <= y || Number.isNaN(x) ? x : y)),
  lt: binary((x, y) => (x < y ? 1 : 0)),
  le: binary((x, y) => (x <= y ? 1 : 0)),
  eq: binary((x, y) => (x === y ? 1 : 0)),
  reluMask: binary((x, y) => (y > 0 ? x : 0)),
  sum: reduce(0, (acc, x) => acc + x),
  amax: reduce(-Infinity, (acc, x) => (x > acc || Number.isNaN(x) ? x : acc)),
  amin: reduce(Infinity, (acc, x) => (x < acc || Number.isNaN(x) ? x : acc)),
  argmax: argReduce((x, best) => x > best),
  argmin: argReduce((x, best) => x < best),
  copy,
  sgd,
  adam,
  where,
  matmul,
  gather,
  scatterAdd,
  indexSelect,
  indexAdd,
  im2col,
  col2im,
  conv2d,
  conv2dGradInput,
  conv2dGradWeight,
  maxPool2d,
  maxUnpool2d,
};

// Unary, binary and reduction kernels through wasm SIMD for large float32 arrays; everything else
// (float64, int32, small arrays, views that are not 2-D with unit or zero inner steps) goes to
// the reference kernels, where copying in and out would cost more than SIMD saves.
import { binaryOps, reduceOps, unaryOps, type BinaryOp, type Data, type Kernels, type ReduceOp, type Strided, type UnaryOp } from '../backend.js';
import { UNARY, type Engine } from './engine.js';

/** Cheap maps are memory-bound: wasm pays off only once copies amortise. */
const CHEAP_MIN = 512;
/** Transcendental maps: SIMD polynomials beat Math.* from small sizes on. */
const COSTLY_MIN = 64;
/** From this size on, costly maps are split over worker threads. */
const THREAD_MIN = 1 << 16;
const BINARY_MIN = 512;
const REDUCE_MIN = 512;
/** sin/cos reduce arguments accurately up to this |x| (assembly/math.ts TRIG_LIMIT). */
const TRIG_LIMIT = 8192;

const cheap = new Set<UnaryOp>(['neg', 'abs', 'sign', 'relu', 'sqrt']);

export function wasmUnary(engine: Engine, op: UnaryOp, fallback: Kernels[UnaryOp]): Kernels[UnaryOp] {
  const code = unaryOps.indexOf(op);
  const min = cheap.has(op) ? CHEAP_MIN : COSTLY_MIN;
  const exact = op === 'sin' ? Math.sin : op === 'cos' ? Math.cos : null;
  const { arena } = engine;
  return (x: Data, out: Data) => {
    const n = x.length;
    if (!(x instanceof Float32Array && out instanceof Float32Array) || n < min) return fallback(x, out);
    arena.reset();
    if (!arena.reserve(arena.copyBytes([x, n], [out, n]), 2)) return fallback(x, out);
    const xP = arena.place(x, 0, n);
    const oP = arena.room(out, n);
    const t = !cheap.has(op) && n >= THREAD_MIN ? engine.threads : 1;
    // shares of whole vectors (multiples of 4 elements)
    const per = Math.ceil(n / 4 / t) * 4;
    const jobs: number[][] = [];
    for (let s = 0; s < n; s += per) jobs.push([code, xP + s * 4, oP + s * 4, Math.min(per, n - s)]);
    const far = engine.pool && jobs.length > 1 ? engine.pool.run(UNARY, jobs) : engine.exports.unary(...jobs[0]);
    arena.unplace(out, oP, n);
    if (far && exact) {
      for (let i = 0; i < n; i++) if (!(Math.abs(x[i]) <= TRIG_LIMIT)) out[i] = exact(x[i]);
    }
  };
}

interface Plan {
  shape: number[];
  a: number[];
  b: number[];
}

/** Merges axes that are contiguous for both operands (stride 0 merges with stride 0). */
export function collapse(shape: readonly number[], sa: readonly number[], sb: readonly number[]): Plan {
  const p: Plan = { shape: [], a: [], b: [] };
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = p.shape.length - 1;
    if (last >= 0 && p.a[last] === sa[d] * shape[d] && p.b[last] === sb[d] * shape[d]) {
      p.shape[last] *= shape[d];
      p.a[last] = sa[d];
      p.b[last] = sb[d];
    } else {
      p.shape.push(shape[d]);
      p.a.push(sa[d]);
      p.b.push(sb[d]);
    }
  }
  return p;
}

/** Elements of `data` a view over `shape` touches, from its offset: 1 + Σ (sizeₖ − 1)·strideₖ. */
export function span(shape: readonly number[], strides: readonly number[]): number {
  let s = 1;
  for (let d = 0; d < shape.length; d++) s += (shape[d] - 1) * strides[d];
  return s;
}

function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  for (let d = shape.length - 1, acc = 1; d >= 0; acc *= shape[d--]) s[d] = acc;
  return s;
}

/** The four-axis form copy4 takes: leading axes of size 1. */
function four(shape: readonly number[], strides: readonly number[]): number[] {
  const pad = 4 - shape.length;
  return [...Array<number>(pad).fill(1), ...shape, ...Array<number>(pad).fill(0), ...strides];
}

export function wasmBinary(engine: Engine, op: BinaryOp, fallback: Kernels[BinaryOp]): Kernels[BinaryOp] {
  const code = binaryOps.indexOf(op);
  const { arena, exports } = engine;
  return (a: Strided, b: Strided, out: Data, shape: readonly number[]) => {
    const n = out.length;
    if (n < BINARY_MIN || !(a.data instanceof Float32Array && b.data instanceof Float32Array && out instanceof Float32Array)) {
      return fallback(a, b, out, shape);
    }
    let p = collapse(shape, a.strides, b.strides);
    if (p.shape.length > 4 || p.a.some((s) => s < 0) || p.b.some((s) => s < 0)) return fallback(a, b, out, shape);
    const spanA = span(p.shape, p.a);
    const spanB = span(p.shape, p.b);
    if (spanA > 2 * n + 64 || spanB > 2 * n + 64) return fallback(a, b, out, shape); // sparse views
    arena.reset();
    const copies = arena.copyBytes([a.data, spanA], [b.data, spanB], [out, n]);
    if (!arena.reserve(copies + 2 * n * 4, 5)) return fallback(a, b, out, shape);
    let aP = arena.place(a.data, a.offset, spanA);
    let bP = arena.place(b.data, b.offset, spanB);
    const oP = arena.room(out, n);
    // an operand whose innermost step is neither 0 nor 1 (a transposed view) is first copied
    // into contiguous order, so the SIMD loop reads whole vectors
    const r0 = p.shape.length;
    const dense = contiguousStrides(p.shape);
    let [sa, sb] = [p.a, p.b];
    if (r0 && p.a[r0 - 1] > 1) {
      const d = arena.alloc(n * 4);
      exports.copy4(aP, d, ...four(p.shape, p.a).slice(0, 8), ...four(p.shape, dense).slice(4));
      [aP, sa] = [d, dense];
    }
    if (r0 && p.b[r0 - 1] > 1) {
      const d = arena.alloc(n * 4);
      exports.copy4(bP, d, ...four(p.shape, p.b).slice(0, 8), ...four(p.shape, dense).slice(4));
      [bP, sb] = [d, dense];
    }
    if (sa !== p.a || sb !== p.b) p = collapse(p.shape, sa, sb);
    // wasm walks the two inner axes; the (at most two) outer ones are walked here
    const r = p.shape.length;
    const q = four(p.shape, p.a).concat(four(p.shape, p.b).slice(4));
    const [n0, n1, rows, cols] = q;
    const [a0, a1, rowA, stepA] = q.slice(4, 8);
    const [b0, b1, rowB, stepB] = q.slice(8, 12);
    for (let i0 = 0, o = oP; i0 < n0; i0++) {
      for (let i1 = 0; i1 < n1; i1++, o += rows * cols * 4) {
        const offA = (i0 * a0 + i1 * a1) * 4;
        const offB = (i0 * b0 + i1 * b1) * 4;
        exports.binary(code, aP + offA, bP + offB, o, rows, cols, r >= 2 ? rowA : 0, r >= 2 ? rowB : 0, stepA, stepB);
      }
    }
    arena.unplace(out, oP, n);
  };
}

export function wasmReduce(engine: Engine, op: ReduceOp, fallback: Kernels[ReduceOp]): Kernels[ReduceOp] {
  const code = reduceOps.indexOf(op);
  const { arena, exports } = engine;
  return (x: Data, out: Data, outer: number, n: number, inner: number) => {
    const len = outer * n * inner;
    if (len < REDUCE_MIN || n === 0 || !(x instanceof Float32Array && out instanceof Float32Array)) {
      return fallback(x, out, outer, n, inner);
    }
    arena.reset();
    if (!arena.reserve(arena.copyBytes([x, len], [out, outer * inner]), 2)) return fallback(x, out, outer, n, inner);
    const xP = arena.place(x, 0, len);
    const oP = arena.room(out, outer * inner);
    exports.reduce(code, xP, oP, outer, n, inner);
    arena.unplace(out, oP, outer * inner);
  };
}

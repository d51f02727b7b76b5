import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { binaryOps, reduceOps, unaryOps, type Backend, type MatmulParams, type Strided, type UnaryOp } from '../../src/backend/backend.js';
import { jsKernels } from '../../src/backend/js/kernels.js';
import { createWasmBackend, createWasmBackendSync, hasSimd } from '../../src/backend/wasm/index.js';
import { splitGemm } from '../../src/backend/wasm/matmul.js';

// The wasm kernels must agree with the reference kernels within float32 tolerance, on sizes that
// are not multiples of 4 (SIMD tails) and 16 (GEMM edge tiles), on every path: fallback,
// single-threaded and split over worker threads.

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rand(n: number, lo = -1, hi = 1, seed = n): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** Drops exactly equal pairs (toBeAllClose treats ∞ vs ∞ as a mismatch: ∞ − ∞ is NaN). */
function unequal(actual: Float32Array, expected: Float32Array): [Float32Array, Float32Array] {
  const keep = actual.map((v, i) => (Object.is(v, expected[i]) || v === expected[i] ? 0 : 1));
  return [actual.filter((_, i) => keep[i]), expected.filter((_, i) => keep[i])];
}

let wasm: Backend;
beforeAll(() => {
  const b = createWasmBackendSync({ threads: 2 });
  if (!b) throw new Error('WebAssembly SIMD is missing in this Node');
  wasm = b;
});
afterAll(() => wasm.setThreads?.(1));

test('SIMD is detected and the backend loads, sync and async alike', async () => {
  expect(hasSimd()).toBe(true);
  expect(wasm.name).toBe('wasm');
  expect(await createWasmBackend()).toBe(wasm); // one instance per process
});

describe('matmul', () => {
  const cases: [string, Partial<MatmulParams> & { m: number; k: number; n: number }][] = [
    ['small square', { m: 17, k: 19, n: 23 }],
    ['odd rows, one column tile', { m: 33, k: 70, n: 15 }],
    ['MLP forward [64,784]·[256,784]ᵀ', { m: 64, k: 784, n: 256, transB: true }],
    ['MLP weight gradient [64,256]ᵀ·[64,784]', { m: 256, k: 64, n: 784, transA: true }],
    ['MLP input gradient [64,256]·[256,784]', { m: 64, k: 256, n: 784 }],
    ['narrow output [64,256]·[10,256]ᵀ', { m: 64, k: 256, n: 10, transB: true }],
    ['both transposed', { m: 45, k: 301, n: 77, transA: true, transB: true }],
    ['k over one block (k = 600)', { m: 37, k: 600, n: 50 }],
    ['batched', { batch: 3, m: 21, k: 30, n: 35, aBatchStride: 21 * 30, bBatchStride: 30 * 35 }],
    ['batch broadcast B with offsets', { batch: 4, m: 13, k: 29, n: 41, aBatchStride: 13 * 29, bBatchStride: 0, aOffset: 5, bOffset: 3 }],
    ['batched transposed, broadcast A', { batch: 5, m: 30, k: 18, n: 33, transA: true, transB: true, aBatchStride: 0, bBatchStride: 33 * 18 }],
    ['threaded, split by columns', { m: 130, k: 261, n: 301 }],
    ['threaded, split by rows', { m: 333, k: 150, n: 65, transA: true }],
    ['threaded, split by batch', { batch: 3, m: 101, k: 99, n: 97, aBatchStride: 101 * 99, bBatchStride: 99 * 97 }],
  ];
  test.each(cases)('%s', (_, c) => {
    const p: MatmulParams = {
      batch: 1, aBatchStride: 0, bBatchStride: 0, transA: false, transB: false, aOffset: 0, bOffset: 0, ...c,
    };
    const a = rand(p.aOffset + (p.batch - 1) * p.aBatchStride + p.m * p.k, -1, 1, 1);
    const b = rand(p.bOffset + (p.batch - 1) * p.bBatchStride + p.k * p.n, -1, 1, 2);
    const expected = new Float32Array(p.batch * p.m * p.n);
    const actual = new Float32Array(p.batch * p.m * p.n).fill(NaN);
    jsKernels.matmul(a, b, expected, p);
    wasm.kernels.matmul(a, b, actual, p);
    expect(actual).toBeAllClose(expected, { rtol: 1e-4, atol: 1e-4 });
  });

  test('float64 goes to the reference kernel unchanged', () => {
    const p: MatmulParams = { batch: 1, m: 40, k: 50, n: 60, aBatchStride: 0, bBatchStride: 0, transA: false, transB: false, aOffset: 0, bOffset: 0 };
    const a = Float64Array.from(rand(2000));
    const b = Float64Array.from(rand(3000));
    const [x, y] = [new Float64Array(2400), new Float64Array(2400)];
    jsKernels.matmul(a, b, x, p);
    wasm.kernels.matmul(a, b, y, p);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  test('work is split in whole tiles and covers the output once', () => {
    expect(splitGemm(1, 64, 256, 2)).toEqual([[0, 1, 0, 64, 0, 128], [0, 1, 0, 64, 128, 256]]);
    expect(splitGemm(1, 301, 20, 2)).toEqual([[0, 1, 0, 152, 0, 20], [0, 1, 152, 301, 0, 20]]);
    expect(splitGemm(5, 8, 8, 2)).toEqual([[0, 2, 0, 8, 0, 8], [2, 5, 0, 8, 0, 8]]);
    expect(splitGemm(1, 10, 10, 1)).toEqual([[0, 1, 0, 10, 0, 10]]);
  });
});

// inputs where each function is defined and well conditioned, plus its special values
const domains: { [K in UnaryOp]?: [number, number] } = { log: [1e-3, 50], sqrt: [0, 100], log1p: [-0.99, 50] };
const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-30, -1e-30, 88, 89, -87, -104, 1e4, -2e4];

describe.each(unaryOps)('unary %s', (op) => {
  test.each([7, 1003, 70_001])('n = %i', (n) => {
    const [lo, hi] = domains[op] ?? [-10, 10];
    const x = rand(n, lo, hi, 7);
    x.set(specials.slice(0, Math.min(specials.length, n - 1)), 1);
    const expected = new Float32Array(n);
    const actual = new Float32Array(n);
    jsKernels[op](x, expected);
    wasm.kernels[op](x, actual);
    const [a, e] = unequal(actual, expected);
    expect(a).toBeAllClose(e, { rtol: 2e-6, atol: 1e-6 });
  });
});

function view(data: Float32Array, offset: number, strides: number[]): Strided {
  return { data, offset, strides };
}

describe.each(binaryOps)('binary %s', (op) => {
  const r = (n: number, seed: number) => {
    const x = rand(n, -3, 3, seed);
    if (op === 'pow') return x.map(Math.abs);
    // exact ties, so the comparisons see equal operands too
    for (let i = 0; i < n; i += 7) x[i] = 1;
    return x;
  };
  const cases: [string, number[], (a: Float32Array, b: Float32Array) => [Strided, Strided]][] = [
    ['same shape', [61, 103], (a, b) => [view(a, 0, [103, 1]), view(b, 0, [103, 1])]],
    ['scalar b', [5003], (a, b) => [view(a, 0, [1]), view(b, 2, [0])]],
    ['scalar a', [5003], (a, b) => [view(a, 3, [0]), view(b, 0, [1])]],
    ['row broadcast (bias)', [64, 257], (a, b) => [view(a, 0, [257, 1]), view(b, 0, [0, 1])]],
    ['column broadcast', [129, 63], (a, b) => [view(a, 0, [63, 1]), view(b, 0, [1, 0])]],
    ['3-D with a broadcast middle axis', [5, 31, 43], (a, b) => [view(a, 0, [31 * 43, 43, 1]), view(b, 1, [43, 0, 1])]],
    ['transposed view', [70, 90], (a, b) => [view(a, 0, [1, 70]), view(b, 0, [90, 1])]],
    ['transposed view plus a broadcast bias', [64, 257], (a, b) => [view(a, 0, [1, 64]), view(b, 0, [0, 1])]],
    ['4-D, both permuted', [3, 4, 9, 17], (a, b) => [view(a, 0, [4 * 9 * 17, 1, 4 * 17, 4]), view(b, 0, [1, 3 * 9 * 17, 3, 27])]],
    ['sparse view (reference path)', [30, 20], (a, b) => [view(a, 0, [200, 3]), view(b, 0, [20, 1])]],
  ];
  test.each(cases)('%s', (_, shape, make) => {
    const n = shape.reduce((x, y) => x * y, 1);
    const [a, b] = make(r(10 * n + 8, 1), r(10 * n + 8, 2));
    const expected = new Float32Array(n);
    const actual = new Float32Array(n);
    jsKernels[op](a, b, expected, shape);
    wasm.kernels[op](a, b, actual, shape);
    expect(actual).toBeAllClose(expected, { rtol: 1e-6, atol: 1e-6 });
  });
});

describe.each(reduceOps)('reduce %s', (op) => {
  test.each([
    [1, 10_007, 1],
    [37, 301, 1],
    [3, 1001, 5],
    [4, 64, 257],
    [2, 9, 1234],
  ])('[outer %i, n %i, inner %i]', (outer, n, inner) => {
    const x = rand(outer * n * inner, -2, 2, 3);
    const expected = new Float32Array(outer * inner);
    const actual = new Float32Array(outer * inner);
    jsKernels[op](x, expected, outer, n, inner);
    wasm.kernels[op](x, actual, outer, n, inner);
    expect(actual).toBeAllClose(expected, { rtol: 1e-5, atol: 1e-4 });
  });

  test('NaN propagates', () => {
    const x = rand(5000);
    x[4321] = NaN;
    const out = new Float32Array(1);
    wasm.kernels[op](x, out, 1, 5000, 1);
    expect(out[0]).toBeNaN();
  });
});

describe('copy', () => {
  // src view, dst view, shape; dst starts filled with −7 so untouched gaps show
  const cases: [string, number, number, (s: Float32Array | Int32Array, d: Float32Array | Int32Array) => [Strided, Strided, number[]]][] = [
    ['contiguous block', 5000, 5003, (s, d) => [{ data: s, offset: 0, strides: [1] }, { data: d, offset: 3, strides: [1] }, [5000]]],
    ['transpose [257, 783] → contiguous', 257 * 783, 257 * 783, (s, d) => [{ data: s, offset: 0, strides: [1, 257] }, { data: d, offset: 0, strides: [783, 1] }, [257, 783]]],
    ['permute [3, 40, 50] (2, 0, 1)', 6000, 6000, (s, d) => [{ data: s, offset: 0, strides: [1, 150, 3] }, { data: d, offset: 0, strides: [2000, 50, 1] }, [3, 40, 50]]],
    ['slice of rows and columns', 100 * 90, 60 * 70, (s, d) => [{ data: s, offset: 90 * 10 + 5, strides: [90, 1] }, { data: d, offset: 0, strides: [70, 1] }, [60, 70]]],
    ['into a concatenation along the last axis', 64 * 100, 64 * 130, (s, d) => [{ data: s, offset: 0, strides: [100, 1] }, { data: d, offset: 30, strides: [130, 1] }, [64, 100]]],
    ['into a padded interior, 4-D', 2 * 3 * 30 * 30, 2 * 3 * 34 * 34, (s, d) => [{ data: s, offset: 0, strides: [2700, 900, 30, 1] }, { data: d, offset: 2 * 34 + 2, strides: [3 * 34 * 34, 34 * 34, 34, 1] }, [2, 3, 30, 30]]],
    ['broadcast source (expand)', 50, 50 * 100, (s, d) => [{ data: s, offset: 0, strides: [0, 1] }, { data: d, offset: 0, strides: [50, 1] }, [100, 50]]],
  ];
  describe.each([['float32', Float32Array], ['int32', Int32Array]] as const)('%s', (_, Ctor) => {
    test.each(cases)('%s', (_, ns, nd, make) => {
      const src = Ctor.from(rand(ns, -100, 100, 9));
      const [expected, actual] = [new Ctor(nd).fill(-7), new Ctor(nd).fill(-7)];
      const [s1, d1, shape] = make(src, expected);
      jsKernels.copy(s1, d1, shape);
      const [s2, d2] = make(src, actual);
      wasm.kernels.copy(s2, d2, shape);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    });
  });
});

test.each([
  ['minibatch rows [2000, 784] → 64', 1, 2000, 64, 784],
  ['inner slices [3, 50, 40] → 7', 3, 50, 7, 40],
  ['short rows (reference path)', 2, 30, 9, 5],
])('indexSelect: %s', (_, outer, n, m, inner) => {
  const x = rand(outer * n * inner, -1, 1, 4);
  const r = rng(11);
  const idx = Int32Array.from({ length: m }, () => Math.floor(r() * n));
  const [expected, actual] = [new Float32Array(outer * m * inner), new Float32Array(outer * m * inner)];
  jsKernels.indexSelect(x, idx, expected, outer, n, m, inner);
  wasm.kernels.indexSelect(x, idx, actual, outer, n, m, inner);
  expect(Array.from(actual)).toEqual(Array.from(expected));
});

describe('threads', () => {
  test('the thread count is settable and results do not depend on it', () => {
    const p: MatmulParams = { batch: 1, m: 200, k: 300, n: 250, aBatchStride: 0, bBatchStride: 0, transA: true, transB: false, aOffset: 0, bOffset: 0 };
    const a = rand(60_000, -1, 1, 5);
    const b = rand(75_000, -1, 1, 6);
    const results = [2, 1, 3].map((t) => {
      wasm.setThreads!(t);
      expect(wasm.threads).toBe(t);
      const out = new Float32Array(50_000);
      wasm.kernels.matmul(a, b, out, p);
      return out;
    });
    wasm.setThreads!(2);
    // each thread computes whole tiles with the same k order, so the split is bit-exact
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  test('setThreads rejects nonsense', () => {
    expect(() => wasm.setThreads!(0)).toThrow(/positive integer, got 0/);
  });
});

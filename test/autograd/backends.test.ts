import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { apply } from '../../src/autograd/engine.js';
import { getBackend, setBackend } from '../../src/backend/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { backends, expectClose, rnd, useBackend } from './helpers.js';

// Every primitive, forward and backward, in float32 at sizes where accelerated kernels engage
// (thousands of elements, past the threading threshold, never a multiple of 4), against the js
// reference in float64. The op suites use small sizes; this one makes the SIMD tails and
// thread splits run.

interface Case {
  inputs: () => Tensor[];
  fn: (...xs: Tensor[]) => Tensor;
  rtol?: number;
}

const N = 4099; // past the elementwise thresholds; 4099 = 4·1024 + 3 leaves a SIMD tail
const BIG = 70_003; // past the threading threshold of the costly unary ops
const v = (n: number, low = -3, high = 3, seed = 1) => rnd([n], { low, high, seed });
const i32 = (values: number[], shape: number[]) => tensor(values, { dtype: 'int32', shape });

const cases: Record<string, Case> = {};
const unaryFns: Record<string, [(x: Tensor) => Tensor, number, number]> = {
  neg: [(x) => x.neg(), -3, 3],
  abs: [(x) => x.abs(), -3, 3],
  exp: [(x) => x.exp(), -10, 10],
  log: [(x) => x.log(), 0.01, 100],
  log1p: [(x) => x.log1p(), -0.99, 100],
  sqrt: [(x) => x.sqrt(), 0.01, 100],
  sin: [(x) => x.sin(), -20, 20],
  cos: [(x) => x.cos(), -20, 20],
  tanh: [(x) => x.tanh(), -10, 10],
  erf: [F.erf, -5, 5],
  sigmoid: [(x) => x.sigmoid(), -50, 50],
  relu: [(x) => x.relu(), -3, 3],
};
for (const [name, [fn, low, high]] of Object.entries(unaryFns)) {
  cases[name] = { inputs: () => [v(N, low, high)], fn };
  if (['exp', 'sin', 'erf', 'sigmoid'].includes(name)) cases[`${name} ×${BIG}`] = { inputs: () => [v(BIG, low, high)], fn };
}
const binaryFns = {
  add: F.add, sub: F.sub, mul: F.mul, div: F.div, pow: F.pow, maximum: F.maximum, minimum: F.minimum,
  lt: F.lt, le: F.le, eq: F.eq, reluMask: F.reluMask,
};
for (const [name, fn] of Object.entries(binaryFns)) {
  const low = name === 'pow' || name === 'div' ? 0.5 : -3;
  const rtol = name === 'pow' ? 1e-4 : undefined;
  cases[name] = { inputs: () => [v(N, low, 3), v(N, low, 3, 2)], fn, rtol };
  if (name === 'mul')
    cases[`${name} ×${BIG}`] = { inputs: () => [v(BIG, low, 3), v(BIG, low, 3, 2)], fn, rtol };
  cases[`${name} broadcast`] = { inputs: () => [rnd([7, 1, 65], { low }), rnd([67, 1], { low, seed: 2 })], fn, rtol };
  cases[`${name} with a scalar`] = { inputs: () => [rnd([67, 63], { low }), rnd([], { low, seed: 2 })], fn, rtol };
}
const more: Record<string, Case> = {
  'eq with ties': { inputs: () => [v(N).mul(4).sign(), v(N, -3, 3, 2).sign()], fn: F.eq },
  where: { inputs: () => [v(N).gt(0).int(), v(N, -3, 3, 2), v(N, -3, 3, 3)], fn: F.where },
  'sum inner axis': { inputs: () => [rnd([67, 1031])], fn: (x) => x.sum(1) },
  'sum outer axis': { inputs: () => [rnd([1031, 67])], fn: (x) => x.sum(0) },
  'sum all': { inputs: () => [v(BIG)], fn: (x) => x.sum() },
  'amax inner axis': { inputs: () => [rnd([67, 1031])], fn: (x) => x.max(1) },
  'amax outer axis': { inputs: () => [rnd([1031, 67])], fn: (x) => x.max(0) },
  'amin all': { inputs: () => [v(BIG)], fn: (x) => x.min() },
  'softmax rows': { inputs: () => [rnd([67, 1031])], fn: (x) => x.softmax() },
  'logSoftmax rows': { inputs: () => [rnd([67, 1031])], fn: (x) => x.logSoftmax() },
  'linear 67×131 → 45': { inputs: () => [rnd([67, 131]), rnd([45, 131], { seed: 2 }), rnd([45], { seed: 3 })], fn: (x, w, b) => apply('linear', [x, w, b]) },
  'linear 131×263 → 129 (threaded)': { inputs: () => [rnd([131, 263]), rnd([129, 263], { seed: 2 }), rnd([129], { seed: 3 })], fn: (x, w, b) => apply('linear', [x, w, b]) },
  'matmul 67×131 @ 131×45': { inputs: () => [rnd([67, 131]), rnd([131, 45], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul 131×263 @ 263×129 (threaded)': { inputs: () => [rnd([131, 263]), rnd([263, 129], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul transposed 131×67ᵀ @ 45×131ᵀ': { inputs: () => [rnd([131, 67]), rnd([45, 131], { seed: 2 })], fn: (a, b) => a.T.matmul(b.T) },
  'matmul batched broadcast': { inputs: () => [rnd([3, 1, 33, 65]), rnd([2, 65, 37], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul vector @ matrix': { inputs: () => [rnd([301]), rnd([301, 129], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul matrix @ vector': { inputs: () => [rnd([129, 301]), rnd([301], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul of sliced views': { inputs: () => [rnd([67, 263]), rnd([131, 45], { seed: 2 })], fn: (a, b) => a.slice(1, 1, 263, 2).matmul(b) },
  'copy of a permuted view': { inputs: () => [rnd([33, 65, 7])], fn: (x) => x.permute(2, 0, 1).contiguous() },
  'gather rows': { inputs: () => [rnd([67, 63]), i32(Array.from({ length: 67 * 5 }, (_, i) => (i * 7) % 63), [67, 5])], fn: (x, i) => x.gather(1, i) },
  'indexSelect rows': { inputs: () => [rnd([67, 63])], fn: (x) => x.indexSelect(0, [3, 3, 66, 0, 12]) },
  'pad and slice': { inputs: () => [rnd([67, 63])], fn: (x) => F.pad(x, [[1, 2], [3, 0]], 0.25).slice(1, 2, 60, 3) },
  concat: { inputs: () => [rnd([67, 63]), rnd([67, 5], { seed: 2 })], fn: (a, b) => F.concat([a, b], 1) },
};
Object.assign(cases, more);

// convolution: dense, grouped, depthwise (the direct kernels), pointwise and transposed, with
// odd sizes, strides, padding and dilation; past the size where wasm takes over
const conv = (x: number[], w: number[], o: F.ConvOptions = {}): Case => ({
  inputs: () => [rnd(x), rnd(w, { seed: 2 }), rnd([w[0]], { seed: 3 })],
  fn: (x, w, b) => F.conv2d(x, w, b, o),
});
Object.assign(cases, {
  'conv2d 5×5, padding 2': conv([3, 2, 13, 11], [5, 2, 5, 5], { padding: 2 }),
  'conv2d grouped, strided, dilated': conv([2, 6, 15, 13], [9, 2, 3, 3], { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 3 }),
  'conv2d one input channel per group, two outputs': conv([2, 3, 9, 11], [6, 1, 3, 3], { padding: 1, groups: 3 }),
  'conv2d depthwise 3×3': conv([3, 5, 11, 13], [5, 1, 3, 3], { padding: 1, groups: 5 }),
  'conv2d depthwise strided, dilated': conv([2, 3, 17, 19], [3, 1, 3, 2], { stride: [2, 3], padding: [2, 1], dilation: 2, groups: 3 }),
  'conv2d depthwise, wide rows': conv([2, 3, 7, 37], [3, 1, 2, 3], { padding: [0, 1], groups: 3 }),
  'conv2d depthwise, dilated, padding past the kernel': conv([2, 3, 9, 21], [3, 1, 3, 3], { padding: [5, 2], dilation: 2, groups: 3 }),
  'conv2d pointwise': conv([3, 7, 9, 11], [5, 7, 1, 1]),
  'maxPool2d 2×2': { inputs: () => [rnd([3, 5, 29, 31])], fn: (x) => F.maxPool2d(x, 2) },
  'maxPool2d 3×3, stride 2, padding 1, ceil mode': {
    inputs: () => [rnd([3, 5, 29, 31])],
    fn: (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }),
  },
  'convTranspose2d strided': {
    inputs: () => [rnd([2, 5, 7, 9]), rnd([5, 3, 3, 3], { seed: 2 })],
    fn: (x, w) => F.convTranspose2d(x, w, null, { stride: 2, padding: 1, outputPadding: 1 }),
  },
} satisfies Record<string, Case>);

/** Output and input gradients (for a fixed output weighting) on the current backend. */
function run(c: Case, xs: Tensor[]): { out: Tensor; grads: (Tensor | null)[] } {
  xs.forEach((x) => x.dtype !== 'int32' && x.requiresGrad_());
  const out = c.fn(...xs);
  if (out.requiresGrad) out.backward(rnd(out.shape, { low: 0.5, high: 1.5, seed: 5, dtype: out.dtype }));
  return { out, grads: xs.map((x) => x.grad) };
}

function onJs<T>(fn: () => T): T {
  const prev = getBackend().name;
  setBackend('js');
  try {
    return fn();
  } finally {
    setBackend(prev);
  }
}

describe.each(backends)('%s backend, float32', (backend) => {
  useBackend(backend);
  test.each(Object.entries(cases))('%s agrees with the float64 reference', (_name, c) => {
    const ref = onJs(() => run(c, c.inputs()));
    const got = run(c, c.inputs().map((x) => (x.dtype === 'float64' ? x.float() : x)));
    expect(got.out.dtype).toBe(ref.out.dtype === 'float64' ? 'float32' : ref.out.dtype);
    expect(got.out.shape).toEqual(ref.out.shape);
    const tol = { rtol: c.rtol ?? 2e-5, atol: 1e-4 };
    expectClose(got.out, ref.out, tol);
    ref.grads.forEach((g, i) => (g ? expectClose(got.grads[i]!, g, tol) : expect(got.grads[i]).toBeNull()));
  });
});

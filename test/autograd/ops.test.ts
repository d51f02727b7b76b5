import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { apply } from '../../src/autograd/engine.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import type { OpName } from '../../src/autograd/ops.js';
import { arange, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { backends, rnd, rndAway, useBackend } from './helpers.js';

// One case per primitive: differentiable ones are checked against central differences in
// float64, the others (comparisons, argmax, sign) get a forward-value check. The mapped type
// makes a primitive without a case a compile error. Sizes avoid multiples of 4 (SIMD tails).

interface GradCase {
  inputs: () => Tensor[];
  fn: (...xs: Tensor[]) => Tensor;
  eps?: number;
}
interface ValueCase {
  value: () => void;
}
type Case = GradCase | ValueCase;

const i32 = (v: number[], shape?: number[]) => tensor(v, { dtype: 'int32', shape });
const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
// a 3×2 window, stride [2, 1], padding [1, 2], dilation [1, 2]: 4×8 outputs on a 7×6 image
const window = { kh: 3, kw: 2, strideH: 2, strideW: 1, padH: 1, padW: 2, dilationH: 1, dilationW: 2, outH: 4, outW: 8, padValue: 0 };

const primitives: { [K in OpName]: Case } = {
  neg: { inputs: () => [rnd([3, 5])], fn: (x) => x.neg() },
  abs: { inputs: () => [rndAway([3, 5])], fn: (x) => x.abs() }, // abs'(0) = 0 is checked below
  sign: { value: () => expect(f64([-2, 0, 3]).sign().toArray()).toEqual([-1, 0, 1]) },
  exp: { inputs: () => [rnd([3, 5])], fn: (x) => x.exp() },
  log: { inputs: () => [rnd([3, 5], { low: 0.1, high: 3 })], fn: (x) => x.log() }, // undefined at 0
  log1p: { inputs: () => [rnd([3, 5], { low: -0.9, high: 3 })], fn: (x) => x.log1p() },
  sqrt: { inputs: () => [rnd([3, 5], { low: 0.1, high: 3 })], fn: (x) => x.sqrt() },
  sin: { inputs: () => [rnd([3, 5], { low: -4, high: 4 })], fn: (x) => x.sin() },
  cos: { inputs: () => [rnd([3, 5], { low: -4, high: 4 })], fn: (x) => x.cos() },
  tanh: { inputs: () => [rnd([3, 5])], fn: (x) => x.tanh() },
  erf: { inputs: () => [rnd([3, 5], { low: -3, high: 3 })], fn: (x) => F.erf(x) },
  sigmoid: { inputs: () => [rnd([3, 5], { low: -6, high: 6 })], fn: (x) => x.sigmoid() },
  relu: { inputs: () => [rndAway([3, 5])], fn: (x) => x.relu() },
  add: { inputs: () => [rnd([3, 5]), rnd([3, 5], { seed: 2 })], fn: (a, b) => a.add(b) },
  sub: { inputs: () => [rnd([3, 5]), rnd([3, 5], { seed: 2 })], fn: (a, b) => a.sub(b) },
  mul: { inputs: () => [rnd([3, 5]), rnd([3, 5], { seed: 2 })], fn: (a, b) => a.mul(b) },
  div: { inputs: () => [rnd([3, 5]), rnd([3, 5], { low: 0.5, high: 2, seed: 2 })], fn: (a, b) => a.div(b) },
  // a > 0 so aᵇ and ln a are defined for every real b
  pow: { inputs: () => [rnd([3, 5], { low: 0.2, high: 2 }), rnd([3, 5], { seed: 2 })], fn: (a, b) => a.pow(b) },
  maximum: { inputs: () => [rnd([3, 5]), rnd([3, 5], { seed: 2 })], fn: (a, b) => a.maximum(b) },
  minimum: { inputs: () => [rnd([3, 5]), rnd([3, 5], { seed: 2 })], fn: (a, b) => a.minimum(b) },
  lt: { value: () => expect(f64([1, 2, 3]).lt(f64([2, 2, 2])).toArray()).toEqual([1, 0, 0]) },
  le: { value: () => expect(f64([1, 2, 3]).le(f64([2, 2, 2])).toArray()).toEqual([1, 1, 0]) },
  eq: { value: () => expect(f64([1, 2, 3]).eq(f64([2, 2, 2])).toArray()).toEqual([0, 1, 0]) },
  reluMask: { inputs: () => [rnd([3, 5]), rndAway([3, 5], { seed: 2 })], fn: (a, b) => F.reluMask(a, b) },
  where: {
    inputs: () => [rnd([3, 1, 5]).gt(0).int(), rnd([2, 1, 1, 5], { seed: 2 }), rnd([7, 1], { seed: 3 })],
    fn: (c, a, b) => F.where(c, a, b),
  },
  sum: { inputs: () => [rnd([2, 3, 5])], fn: (x) => x.sum([0, 2]) },
  amax: { inputs: () => [rnd([3, 5])], fn: (x) => x.max(1) },
  amin: { inputs: () => [rnd([3, 5])], fn: (x) => x.min([0, 1]) },
  argmax: { value: () => expect(f64([[1, 5, 5], [7, 2, 3]]).argmax(1).toArray()).toEqual([1, 0]) }, // first of ties
  argmin: { value: () => expect(f64([[1, 5, 1], [7, 2, 3]]).argmin(0).toArray()).toEqual([0, 1, 0]) },
  // values and steps exactly representable in float32, so the round trip loses nothing
  cast: { inputs: () => [rnd([3, 5]).mul(8).sign().div(8)], fn: (x) => x.to('float32').mul(3).to('float64'), eps: 1 / 16 },
  contiguous: { inputs: () => [rnd([3, 5])], fn: (x) => x.T.contiguous() },
  reshape: { inputs: () => [rnd([3, 5])], fn: (x) => x.T.reshape([5, 3]).mul(x.reshape([5, 3])) },
  expand: { inputs: () => [rnd([3, 1])], fn: (x) => x.expand([2, 3, 5]) },
  permute: { inputs: () => [rnd([2, 3, 5])], fn: (x) => x.permute(2, 0, 1).mul(rnd([5, 2, 3], { seed: 9 })) },
  slice: { inputs: () => [rnd([3, 7])], fn: (x) => x.slice(1, 1, 6, 2) },
  pad: { inputs: () => [rnd([3, 5])], fn: (x) => F.pad(x, [[1, 2], [0, 3]], 0.5) },
  concat: { inputs: () => [rnd([2, 3]), rnd([2, 5], { seed: 2 })], fn: (a, b) => F.concat([a, b], 1) },
  matmul: { inputs: () => [rnd([3, 5]), rnd([5, 7], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  linear: { inputs: () => [rnd([3, 5]), rnd([7, 5], { seed: 2 }), rnd([7], { seed: 3 })], fn: (x, w, b) => apply('linear', [x, w, b]) },
  // a reverse LSTM scan (every kind and option is checked through the layers in test/nn/recurrent.test.ts)
  recurrentScan: {
    inputs: () => [rnd([3, 2, 8]), rnd([8, 2], { seed: 2 }), rnd([2, 2], { seed: 3 }), rnd([2, 2], { seed: 4 })],
    fn: (gi, w, h, c) => apply('recurrentScan', [gi, w, h, c], { kind: 'lstm', reverse: true, hasBias: false, hasMask: false }),
  },
  gather: { inputs: () => [rnd([3, 5]), i32([0, 4, 4, 1, 2, 2], [3, 2])], fn: (x, i) => x.gather(1, i) },
  scatterAdd: {
    inputs: () => [rnd([3, 5]), i32([0, 4, 4, 1, 2, 2], [3, 2]), rnd([3, 2], { seed: 2 })],
    fn: (base, i, src) => F.scatterAdd(base, 1, i, src),
  },
  indexSelect: { inputs: () => [rnd([5, 3]), i32([0, 2, 2, 4])], fn: (x, i) => x.indexSelect(0, i) },
  indexAdd: {
    inputs: () => [rnd([5, 3]), i32([1, 1, 3]), rnd([3, 3], { seed: 2 })],
    fn: (base, i, src) => F.indexAdd(base, 0, i, src),
  },
  // im2col is reached through average pooling; col2im is its adjoint
  im2col: { inputs: () => [rnd([2, 3, 7, 6])], fn: (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }) },
  col2im: { inputs: () => [rnd([2, 3 * 3 * 2, 4 * 8])], fn: (cols) => apply('col2im', [cols], { geometry: { ...window, c: 3, h: 7, w: 6 } }) },
  // the three convolution primitives: strided, padded, dilated windows, groups
  conv2d: {
    inputs: () => [rnd([2, 4, 7, 6]), rnd([6, 2, 3, 2], { seed: 2 }), rnd([6], { seed: 3 })],
    fn: (x, w, b) => F.conv2d(x, w, b, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 }),
  },
  conv2dGradInput: {
    inputs: () => [rnd([2, 3, 4, 5]), rnd([3, 2, 3, 2], { seed: 2 })],
    fn: (x, w) => F.convTranspose2d(x, w, null, { stride: [2, 3], padding: [1, 0], outputPadding: [1, 2], dilation: [1, 2] }),
  },
  // distinct values, so no window has a tie that a central difference would split
  maxPool2d: {
    inputs: () => [rnd([2, 3, 7, 6]).add(arange(0, 126, 0.5, { dtype: 'float64' }).reshape([2, 3, 7, 6]))],
    fn: (x) => F.maxPool2d(x, [3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2], ceilMode: true }),
  },
  maxUnpool2d: {
    inputs: () => [rnd([1, 2, 2, 3])],
    fn: (g) => apply('maxUnpool2d', [g], { index: Int32Array.from([0, 4, 4, 19, 6, 7, 1, 2, 3, 9, 10, 11]), h: 4, w: 5 }),
  },
  conv2dGradWeight: {
    inputs: () => [rnd([2, 4, 7, 6]), rnd([2, 6, 4, 8], { seed: 2 })],
    fn: (x, g) => apply('conv2dGradWeight', [x, g], { geometry: window, groups: 2, h: 7, w: 6 }),
  },
};

// Everything in functional.ts that is differentiable and not a primitive, plus broadcasting and
// view layouts of the primitives.
const composites: Record<string, GradCase> = {
  rsqrt: { inputs: () => [rnd([3, 5], { low: 0.2, high: 3 })], fn: (x) => x.rsqrt() },
  square: { inputs: () => [rnd([3, 5])], fn: (x) => x.square() },
  leakyRelu: { inputs: () => [rndAway([3, 5])], fn: (x) => F.leakyRelu(x, 0.2) },
  elu: { inputs: () => [rndAway([3, 5])], fn: (x) => F.elu(x, 1.5) },
  'gelu exact': { inputs: () => [rnd([3, 5], { low: -3, high: 3 })], fn: (x) => F.gelu(x) },
  'gelu tanh': { inputs: () => [rnd([3, 5], { low: -3, high: 3 })], fn: (x) => F.gelu(x, { approximate: 'tanh' }) },
  softplus: { inputs: () => [rnd([3, 5], { low: -25, high: 25 })], fn: (x) => F.softplus(x) },
  'softplus at 0': { inputs: () => [f64([0, -1e-3, 1e-3])], fn: (x) => F.softplus(x) },
  clamp: { inputs: () => [rnd([3, 5])], fn: (x) => x.clamp(-0.5, 0.7) },
  'clamp min only': { inputs: () => [rnd([3, 5])], fn: (x) => x.clamp(0.1) },
  mean: { inputs: () => [rnd([2, 3, 5])], fn: (x) => x.mean([0, 2], true) },
  'mean all': { inputs: () => [rnd([3, 5])], fn: (x) => x.mean() },
  var: { inputs: () => [rnd([3, 5])], fn: (x) => x.var(1) },
  'var correction 0': { inputs: () => [rnd([3, 5])], fn: (x) => x.var(0, { correction: 0, keepdims: true }) },
  std: { inputs: () => [rnd([3, 5])], fn: (x) => x.std() },
  logsumexp: { inputs: () => [rnd([3, 5], { low: -5, high: 5 })], fn: (x) => x.logsumexp(1) },
  'logsumexp large': { inputs: () => [rnd([3, 5]).add(800)], fn: (x) => x.logsumexp([0, 1]) }, // exp would overflow
  softmax: { inputs: () => [rnd([3, 5], { low: -5, high: 5 })], fn: (x) => x.softmax() },
  'softmax axis 0': { inputs: () => [rnd([3, 5])], fn: (x) => x.softmax(0) },
  logSoftmax: { inputs: () => [rnd([3, 5], { low: -5, high: 5 })], fn: (x) => x.logSoftmax() },
  // two-way ties: a central difference sees half a unit step, as the rule splits the gradient
  'max with ties': { inputs: () => [f64([[1, 3, 3], [2, 0.5, -1]])], fn: (x) => x.max(1) },
  'min with ties': { inputs: () => [f64([[1, -3, -3], [2, 0.5, 2]])], fn: (x) => x.min(0) },
  'max all, keepdims': { inputs: () => [rnd([3, 5])], fn: (x) => x.max(undefined, true) },
  'maximum ties': { inputs: () => [f64([1, 2, 3]), f64([1, 0, 3])], fn: (a, b) => a.maximum(b) },
  'minimum ties': { inputs: () => [f64([1, 2, 3]), f64([1, 0, 3])], fn: (a, b) => a.minimum(b) },
  'maximum with itself': { inputs: () => [rnd([5])], fn: (x) => x.maximum(x) },
  'linear without bias': { inputs: () => [rnd([3, 5]), rnd([7, 5], { seed: 2 })], fn: (x, w) => apply('linear', [x, w]) },
  'linear of a transposed input': { inputs: () => [rnd([5, 3]), rnd([7, 5], { seed: 2 }), rnd([7], { seed: 3 })], fn: (x, w, b) => apply('linear', [x.T, w, b]) },
  'matmul 1-D @ 1-D': { inputs: () => [rnd([5]), rnd([5], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul 1-D @ 2-D': { inputs: () => [rnd([5]), rnd([5, 3], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul 2-D @ 1-D': { inputs: () => [rnd([3, 5]), rnd([5], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul batched': { inputs: () => [rnd([2, 3, 5]), rnd([2, 5, 3], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul broadcast batch': { inputs: () => [rnd([2, 1, 3, 5]), rnd([3, 5, 2], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul batch @ matrix': { inputs: () => [rnd([2, 3, 5]), rnd([5, 3], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul 1-D @ batch': { inputs: () => [rnd([5]), rnd([2, 5, 3], { seed: 2 })], fn: (a, b) => a.matmul(b) },
  'matmul transposed views': { inputs: () => [rnd([5, 3]), rnd([7, 5], { seed: 2 })], fn: (a, b) => a.T.matmul(b.T) },
  'matmul batched transposed': {
    inputs: () => [rnd([2, 5, 3]), rnd([2, 7, 5], { seed: 2 })],
    fn: (a, b) => a.transpose(1, 2).matmul(b.transpose(-1, -2)),
  },
  'matmul of a permuted batch': {
    inputs: () => [rnd([3, 2, 5]), rnd([5, 3], { seed: 2 })],
    fn: (a, b) => a.permute(1, 0, 2).matmul(b),
  },
  'matmul of a sliced view': { inputs: () => [rnd([3, 7]), rnd([3, 3], { seed: 2 })], fn: (a, b) => a.slice(1, 1, 7, 2).T.matmul(b) },
  'pad 3-D': { inputs: () => [rnd([2, 3, 5])], fn: (x) => F.pad(x, [[0, 0], [2, 1]]) },
  'concat axis 0, three inputs': {
    inputs: () => [rnd([1, 3]), rnd([2, 3], { seed: 2 }), rnd([3, 3], { seed: 3 })],
    fn: (a, b, c) => F.concat([a, b, c]),
  },
  'concat of views': { inputs: () => [rnd([3, 5])], fn: (x) => F.concat([x.T, x.slice(0, 0, 2).T], 1) },
  stack: { inputs: () => [rnd([3, 5]), rnd([3, 5], { seed: 2 })], fn: (a, b) => F.stack([a, b], 1) },
  split: {
    inputs: () => [rnd([3, 7])],
    fn: (x) => {
      const [a, b, c] = F.split(x, [2, 4, 1], 1);
      return a.sum(1).add(b.mul(b).sum(1)).add(c.squeeze(1).exp());
    },
  },
  chunk: {
    inputs: () => [rnd([7, 3])],
    fn: (x) => {
      const parts = F.chunk(x, 3); // 3, 3, 1 rows
      return parts[0].mul(parts[1]).sum(0).add(parts[2].squeeze());
    },
  },
  'gather axis 0': { inputs: () => [rnd([3, 5]), i32([2, 0, 0, 1, 2, 1, 1, 1, 0, 0], [2, 5])], fn: (x, i) => x.gather(0, i) },
  'gather 3-D': { inputs: () => [rnd([2, 3, 5]), i32([0, 2, 1, 1, 0, 0, 2, 2, 1, 0], [2, 1, 5])], fn: (x, i) => x.gather(1, i) },
  'indexSelect axis 1': { inputs: () => [rnd([3, 5])], fn: (x) => x.indexSelect(1, [4, 0, 4]) },
  'scatterAdd axis 0': {
    inputs: () => [rnd([3, 5]), i32([0, 0, 2, 1, 0, 2, 2, 2, 0, 1], [2, 5]), rnd([2, 5], { seed: 3 })],
    fn: (base, i, src) => F.scatterAdd(base, 0, i, src),
  },
  'where with numbers': { inputs: () => [rnd([3, 5])], fn: (x) => F.where(x.gt(0.3), x.mul(x), 2) },
  'slice with steps': { inputs: () => [rnd([7, 9])], fn: (x) => x.slice(0, 1, undefined, 3).slice(1, -8, -1, 2) },
  'slice of a permuted view': { inputs: () => [rnd([3, 7])], fn: (x) => x.T.slice(0, 2, 7, 2).slice(1, 1) },
  transpose: { inputs: () => [rnd([2, 3, 5])], fn: (x) => x.transpose(0, 2).mul(rnd([5, 3, 2], { seed: 4 })) },
  flatten: { inputs: () => [rnd([2, 3, 5])], fn: (x) => x.flatten(1).mul(rnd([2, 15], { seed: 4 })) },
  'squeeze/unsqueeze': { inputs: () => [rnd([3, 1, 5])], fn: (x) => x.squeeze(1).unsqueeze(0).unsqueeze(-1).mul(x.unsqueeze(0).permute(0, 1, 3, 2)) },
  'expand of a view': { inputs: () => [rnd([5, 1])], fn: (x) => x.T.expand([3, -1, 5]).mul(x.expand([2, 5, 3]).sum(0).T) },
  'reshape of a non-contiguous view': { inputs: () => [rnd([3, 5])], fn: (x) => x.T.slice(0, 1).reshape([-1]) },
  'unused input gets zeros': { inputs: () => [rnd([3]), rnd([2], { seed: 2 })], fn: (a) => a.exp() },
  'input used twice': { inputs: () => [rnd([3, 5])], fn: (x) => x.mul(x.sin()).add(x) },
  'sigmoid extreme': { inputs: () => [f64([-700, -30, 30, 700])], fn: (x) => x.sigmoid() },
};

// every binary op broadcast both ways: [3, 1, 5] ∘ [4, 1] → [3, 4, 5]; scalars too
const binaryOps = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const;
for (const op of binaryOps) {
  const low = op === 'pow' || op === 'div' ? 0.3 : -2;
  composites[`${op} broadcast`] = {
    inputs: () => [rnd([3, 1, 5], { low }), rnd([4, 1], { low, seed: 2 })],
    fn: (a, b) => F[op](a, b),
  };
  composites[`${op} with a 0-d tensor`] = {
    inputs: () => [rnd([], { low, seed: 3 }), rnd([2, 5], { low })],
    fn: (a, b) => F[op](a, b),
  };
  composites[`${op} with a number`] = { inputs: () => [rnd([2, 5], { low })], fn: (a) => F[op](1.3, F[op](a, 0.7)) };
}

// Seeded random chains of views and ops: layouts the hand-written cases do not think of
// (slices of permuted expands, reshapes of strided views…) must still give exact gradients.
const steps: ((x: Tensor, g: Generator) => Tensor)[] = [
  (x, g) => x.permute(Array.from(g.permutation(x.ndim))),
  (x, g) => {
    const axis = g.int(0, x.ndim);
    return x.shape[axis] < 2 ? x : x.slice(axis, g.int(0, 2), undefined, g.int(1, 3));
  },
  (x) => x.unsqueeze(0).expand([2, ...x.shape]),
  (x) => (x.ndim > 1 ? x.transpose(0, -1) : x),
  (x) => x.reshape([-1]).reshape(x.shape).mul(x.sin()),
  (x, g) => x.add(rnd([x.shape[x.ndim - 1]], { seed: g.int(1, 99) })),
  (x, g) => (x.ndim > 1 ? x.sum(g.int(0, x.ndim), true) : x),
  (x) => x.contiguous().tanh(),
  (x, g) => (x.ndim > 1 ? x.flatten(0, 1) : x).mul(g.next() + 0.5),
  (x) => F.concat([x, x.exp()], -1),
];
for (let p = 0; p < 10; p++)
  composites[`random view program ${p}`] = {
    inputs: () => [rnd([3, 5, 3], { seed: 100 + p })],
    fn: (x) => {
      const g = new Generator(p);
      let y = x;
      for (let i = 0; i < 5; i++) y = steps[g.int(0, steps.length)](y, g);
      return y;
    },
  };

function check(c: GradCase): void {
  const r = gradcheck(c.fn, c.inputs(), { eps: c.eps ?? 1e-6 });
  expect(r.analytic.length).toBeGreaterThan(0);
  r.analytic.forEach((a, i) => expect(a).toBeAllClose(r.numeric[i], { rtol: 1e-5, atol: 1e-7 }));
  expect(r.ok).toBe(true);
}

describe.each(backends)('%s backend', (backend) => {
  useBackend(backend);

  test.each(Object.entries(primitives))('%s: gradient matches central differences', (_op, c) => {
    if ('value' in c) c.value();
    else check(c);
  });

  test.each(Object.entries(composites))('%s: gradient matches central differences', (_name, c) => check(c));

  test('kinks follow PyTorch: relu′(0) = abs′(0) = 0, leakyRelu′(0) = α, elu′(0) = α, clamp′ = 1 on the bounds', () => {
    const grad = (f: (x: Tensor) => Tensor, v: number[]) => {
      const x = f64(v).requiresGrad_();
      f(x).sum().backward();
      return Array.from(x.grad!.dataSync());
    };
    expect(grad((x) => x.relu(), [0, 1])).toEqual([0, 1]);
    expect(grad((x) => x.abs(), [0, -1])).toEqual([0, -1]);
    expect(grad((x) => F.leakyRelu(x, 0.1), [0])[0]).toBeCloseTo(0.1, 12);
    expect(grad((x) => F.elu(x, 2), [0])[0]).toBeCloseTo(2, 12);
    expect(grad((x) => x.clamp(-1, 1), [-1, 1, 2])).toEqual([1, 1, 0]);
    expect(grad((x) => F.softplus(x), [0])[0]).toBeCloseTo(0.5, 12);
  });
});

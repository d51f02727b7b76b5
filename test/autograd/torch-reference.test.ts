import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { backends, useBackend } from './helpers.js';
import { fixture, load, tol } from './torch-fixture.js';

// Forward values and input gradients of ops against PyTorch (test/fixtures/torch-reference.json,
// made by scripts/torch-reference.py). Each case runs in float64 and float32 on every backend.

type OpFn = (xs: Tensor[], args: Record<string, any>) => Tensor;
const axesOf = (a: number[] | null) => a ?? undefined;

const unary = (f: (x: Tensor) => Tensor): OpFn => ([x]) => f(x);
const binary = (f: (a: Tensor, b: Tensor) => Tensor): OpFn => ([a, b]) => f(a, b);

const impl: Record<string, OpFn> = {
  add: binary(F.add),
  sub: binary(F.sub),
  mul: binary(F.mul),
  div: binary(F.div),
  pow: binary(F.pow),
  powScalar: ([x], { p }) => x.pow(p),
  neg: unary((x) => x.neg()),
  abs: unary((x) => x.abs()),
  exp: unary((x) => x.exp()),
  log: unary((x) => x.log()),
  log1p: unary((x) => x.log1p()),
  sqrt: unary((x) => x.sqrt()),
  rsqrt: unary((x) => x.rsqrt()),
  sin: unary((x) => x.sin()),
  cos: unary((x) => x.cos()),
  tanh: unary((x) => x.tanh()),
  erf: unary(F.erf),
  sigmoid: unary((x) => x.sigmoid()),
  relu: unary((x) => x.relu()),
  leakyRelu: ([x], { alpha }) => F.leakyRelu(x, alpha),
  elu: ([x], { alpha }) => F.elu(x, alpha),
  gelu: unary((x) => F.gelu(x)),
  geluTanh: unary((x) => F.gelu(x, { approximate: 'tanh' })),
  softplus: unary(F.softplus),
  clamp: ([x], { min, max }) => x.clamp(min, max),
  maximum: binary(F.maximum),
  minimum: binary(F.minimum),
  where: ([c, a, b]) => F.where(c, a, b),
  sum: ([x], { axes, keepdims }) => x.sum(axesOf(axes), keepdims),
  mean: ([x], { axes, keepdims }) => x.mean(axesOf(axes), keepdims),
  var: ([x], { axes, correction }) => x.var(axesOf(axes), { correction }),
  std: ([x], { axes, correction }) => x.std(axesOf(axes), { correction }),
  max: ([x], { axes, keepdims }) => x.max(axesOf(axes), keepdims),
  min: ([x], { axes, keepdims }) => x.min(axesOf(axes), keepdims),
  logsumexp: ([x], { axes, keepdims }) => x.logsumexp(axesOf(axes), keepdims),
  softmax: ([x], { axis }) => x.softmax(axis),
  logSoftmax: ([x], { axis }) => x.logSoftmax(axis),
  matmul: binary((a, b) => a.matmul(b)),
  matmulTT: binary((a, b) => a.T.matmul(b.T)),
  gather: ([x, i], { axis }) => x.gather(axis, i),
  indexSelect: ([x, i], { axis }) => x.indexSelect(axis, i),
  scatterAdd: ([b, i, s], { axis }) => F.scatterAdd(b, axis, i, s),
  pad: ([x], { pads, value }) => F.pad(x, pads, value),
  concat: ([a, b], { axis }) => F.concat([a, b], axis),
  stack: ([a, b], { axis }) => F.stack([a, b], axis),
  slice: ([x], { axis, start, end, step }) => x.slice(axis, start, end, step),
  permute: ([x], { axes }) => x.permute(axes),
};

test(`the fixture names its source and has at least 40 cases`, () => {
  expect(fixture.library).toBe('torch');
  expect(fixture.version).toMatch(/^\d+\.\d+/);
  expect(fixture.script).toBe('scripts/torch-reference.py');
  const n = fixture.ops.length + fixture.losses.length + fixture.optimizers.length + fixture.schedulers.length;
  expect(n).toBeGreaterThanOrEqual(40);
  for (const c of fixture.ops) expect(impl, `no implementation for fixture op '${c.op}'`).toHaveProperty(c.op);
});

describe.each(backends)('%s backend', (backend) => {
  useBackend(backend);
  describe.each(['float64', 'float32'] as DType[])('%s', (dtype) => {
    test.each(fixture.ops.map((c) => [c.name, c] as const))('%s matches PyTorch', (_name, c) => {
      const xs = c.inputs.map((t) => load(t, dtype));
      xs.forEach((x) => x.dtype !== 'int32' && x.requiresGrad_());
      const out = impl[c.op](xs, c.args);
      expect(out.shape).toEqual(c.output.shape);
      expect(out.dtype).toBe(dtype);
      expect(out).toBeAllClose(c.output.values, tol(dtype));
      out.backward(load(c.gradOutput, dtype));
      c.grads.forEach((g, i) => {
        if (g === null) return;
        expect(xs[i].grad, `gradient of input ${i}`).not.toBeNull();
        expect(xs[i].grad!.shape).toEqual(xs[i].shape);
        expect(xs[i].grad!).toBeAllClose(g, tol(dtype));
      });
    });
  });
});

import { describe, expect, test } from 'vitest';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fixture, load, options, tol } from './torch-fixture.js';

// Losses, optimizer steps and learning-rate schedules against PyTorch
// (test/fixtures/torch-reference.json, made by scripts/torch-reference.py).

type LossFn = (input: Tensor, target: Tensor, opts: any) => Tensor;
const losses: Record<string, LossFn> = {
  mseLoss: nn.mseLoss,
  l1Loss: nn.l1Loss,
  huberLoss: nn.huberLoss,
  bceLoss: nn.bceLoss,
  bceWithLogitsLoss: nn.bceWithLogitsLoss,
  crossEntropy: nn.crossEntropy,
  nllLoss: nn.nllLoss,
};

type Opt = { step(): void; paramGroups: { lr: number }[] };
const optimizers: Record<string, (params: Tensor[], opts: any) => Opt> = {
  SGD: (p, o) => new optim.SGD(p, o),
  Adam: (p, o) => new optim.Adam(p, o),
  AdamW: (p, o) => new optim.AdamW(p, o),
  RMSprop: (p, o) => new optim.RMSprop(p, o),
  Adagrad: (p, o) => new optim.Adagrad(p, o),
};

const schedulers: Record<string, (opt: any, opts: any) => { step(): void }> = {
  StepLR: (o, x) => new optim.StepLR(o, x),
  ExponentialLR: (o, x) => new optim.ExponentialLR(o, x),
  CosineAnnealingLR: (o, x) => new optim.CosineAnnealingLR(o, x),
  OneCycleLR: (o, x) => new optim.OneCycleLR(o, x),
};

test('the fixture covers every loss, optimizer and scheduler named in the issue', () => {
  expect(new Set(fixture.losses.map((c) => c.loss))).toEqual(new Set(Object.keys(losses)));
  expect(new Set(fixture.optimizers.map((c) => c.optimizer))).toEqual(new Set(Object.keys(optimizers)));
  expect(new Set(fixture.schedulers.map((c) => c.scheduler))).toEqual(new Set(Object.keys(schedulers)));
});

describe.each(['float64', 'float32'] as DType[])('%s', (dtype) => {
  test.each(fixture.losses.map((c) => [c.name, c] as const))('%s matches PyTorch', (_name, c) => {
    const [input, target] = c.inputs.map((t) => load(t, dtype));
    input.requiresGrad_();
    const out = losses[c.loss](input, target, options(c.options, dtype));
    expect(out.shape).toEqual([]);
    expect(out.item()).toBeAllClose(c.output, tol(dtype));
    out.backward();
    expect(input.grad!).toBeAllClose(c.grad, tol(dtype));
  });

  test.each(fixture.optimizers.map((c) => [c.name, c] as const))('%s: three steps match PyTorch', (_name, c) => {
    const p = tensor(c.param, { dtype, requiresGrad: true });
    const opt = optimizers[c.optimizer]([p], c.options);
    c.grads.forEach((g, t) => {
      p.grad = tensor(g, { dtype });
      opt.step();
      expect(p, `after step ${t + 1}`).toBeAllClose(c.steps[t], tol(dtype));
    });
  });
});

test.each(fixture.schedulers.map((c) => [c.name, c] as const))('%s learning rates match PyTorch', (_name, c) => {
  const opt = new optim.SGD([tensor([0], { requiresGrad: true })], { lr: c.lr });
  const s = schedulers[c.scheduler](opt, c.options);
  const lrs = c.lrs.map(() => {
    const lr = opt.paramGroups[0].lr;
    s.step();
    return lr;
  });
  expect(lrs).toBeAllClose(c.lrs, { rtol: 1e-12, atol: 1e-15 });
});

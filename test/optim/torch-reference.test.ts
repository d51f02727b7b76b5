import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { tensor, zeros } from '../../src/index.js';
import { Parameter } from '../../src/nn/index.js';
import {
  Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, OneCycleLR, RMSprop, SGD, StepLR,
  type Optimizer, type GroupOptions,
} from '../../src/optim/index.js';

// Optimizer steps and learning-rate sequences from PyTorch (test/fixtures/torch-reference.json,
// written by scripts/torch-reference.py).

interface OptimizerCase { name: string; optimizer: string; options: Record<string, unknown>; param: number[]; grads: number[][]; steps: number[][] }
interface SchedulerCase { name: string; scheduler: string; lr: number; options: Record<string, any>; lrs: number[] }
const fixture: { version: string; optimizers: OptimizerCase[]; schedulers: SchedulerCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/torch-reference.json', import.meta.url), 'utf8'),
);

type Make = (ps: Parameter[], o: any) => Optimizer<GroupOptions>;
const optimizers: Record<string, Make> = {
  SGD: (ps, o) => new SGD(ps, o),
  Adam: (ps, o) => new Adam(ps, o),
  AdamW: (ps, o) => new AdamW(ps, o),
  RMSprop: (ps, o) => new RMSprop(ps, o),
  Adagrad: (ps, o) => new Adagrad(ps, o),
};

describe.each(['float64', 'float32'] as const)(`optimizer steps match PyTorch ${fixture.version} (%s)`, (dtype) => {
  const tol = dtype === 'float64' ? { rtol: 1e-12, atol: 1e-14 } : { rtol: 1e-5, atol: 1e-6 };
  test.each(fixture.optimizers.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const p = new Parameter(tensor(c.param, { dtype }));
    const opt = optimizers[c.optimizer]([p], c.options);
    c.grads.forEach((g, t) => {
      p.grad = tensor(g, { dtype });
      opt.step();
      expect(p).toBeAllClose(c.steps[t], tol);
    });
  });
});

const schedulers: Record<string, (o: SGD, opts: any) => { step(): void }> = {
  StepLR: (o, x) => new StepLR(o, x),
  ExponentialLR: (o, x) => new ExponentialLR(o, x),
  CosineAnnealingLR: (o, x) => new CosineAnnealingLR(o, x),
  OneCycleLR: (o, x) => new OneCycleLR(o, x),
};

describe(`learning-rate schedules match PyTorch ${fixture.version}`, () => {
  test.each(fixture.schedulers.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const opt = new SGD([new Parameter(zeros([1]))], { lr: c.lr });
    const s = schedulers[c.scheduler](opt, c.options);
    const lrs: number[] = [];
    for (let i = 0; i < c.lrs.length; i++) {
      lrs.push(opt.lr);
      s.step();
    }
    expect(lrs).toBeAllClose(c.lrs, { rtol: 1e-9, atol: 1e-12 });
  });
});

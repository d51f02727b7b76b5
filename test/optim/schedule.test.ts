import { describe, expect, test } from 'vitest';
import { tensor, zeros } from '../../src/index.js';
import { Parameter } from '../../src/nn/index.js';
import {
  Adam, CosineAnnealingLR, LambdaLR, LinearLR, LinearWarmup, OneCycleLR, ReduceLROnPlateau, SGD, StepLR,
} from '../../src/optim/index.js';

const sgd = (lr: number, extra = {}) => new SGD([new Parameter(zeros([1]))], { lr, ...extra });
/** the learning rate in use at each of the first n steps */
function sequence(opt: SGD, s: { step(): void }, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(opt.lr);
    s.step();
  }
  return out;
}

describe('schedulers', () => {
  test('LinearLR: the example of the PyTorch documentation', () => {
    const opt = sgd(0.05);
    const s = new LinearLR(opt, { startFactor: 0.5, totalIters: 4 });
    expect(sequence(opt, s, 6)).toBeAllClose([0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05], { rtol: 1e-12 });
    expect(s.getLastLr()).toBeAllClose([0.05]);
  });

  test('CosineAnnealingLR: the documented half cosine', () => {
    const opt = sgd(1);
    expect(sequence(opt, new CosineAnnealingLR(opt, { tMax: 4 }), 5)).toBeAllClose(
      [1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2, 0],
      { atol: 1e-12 },
    );
  });

  test('LambdaLR multiplies the base rate', () => {
    const opt = sgd(0.1);
    expect(sequence(opt, new LambdaLR(opt, (t) => 0.5 ** t), 3)).toBeAllClose([0.1, 0.05, 0.025], { rtol: 1e-12 });
  });

  test('LinearWarmup ramps up, then holds or decays along a cosine', () => {
    const a = sgd(1);
    expect(sequence(a, new LinearWarmup(a, { warmupSteps: 4 }), 6)).toBeAllClose([0, 0.25, 0.5, 0.75, 1, 1]);
    const b = sgd(1);
    const lrs = sequence(b, new LinearWarmup(b, { warmupSteps: 2, decay: 'cosine', totalSteps: 6, minLr: 0.1 }), 8);
    expect(lrs).toBeAllClose([0, 0.5, 1, 0.1 + 0.9 * (1 + Math.SQRT1_2) / 2, 0.55, 0.1 + 0.9 * (1 - Math.SQRT1_2) / 2, 0.1, 0.1], { atol: 1e-12 });
    expect(() => new LinearWarmup(sgd(1), { warmupSteps: 5, decay: 'cosine', totalSteps: 5 })).toThrow(/must exceed warmupSteps/);
  });

  test('each group follows its own base rate', () => {
    const opt = new SGD([{ params: [new Parameter(zeros([1]))] }, { params: [new Parameter(zeros([1]))], lr: 1 }], { lr: 0.1 });
    const s = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    s.step();
    expect(s.getLastLr()).toBeAllClose([0.05, 0.5]);
    expect(opt.paramGroups.map((g) => g.lr)).toBeAllClose([0.05, 0.5]);
  });

  test('OneCycleLR cycles momentum (or Adam β₁) against the learning rate', () => {
    const opt = sgd(1, { momentum: 0.9 });
    const s = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10 });
    expect(opt.paramGroups[0].momentum).toBeCloseTo(0.95, 12);
    for (let i = 0; i < 2; i++) s.step(); // the lr peaks at step pctStart·total − 1 = 2
    expect(opt.paramGroups[0].momentum).toBeCloseTo(0.85, 12);
    const adam = new Adam([new Parameter(zeros([1]))]);
    new OneCycleLR(adam, { maxLr: 0.01, totalSteps: 10 });
    expect(adam.paramGroups[0].betas).toEqual([0.95, 0.999]);
    expect(() => {
      for (let i = 0; i < 20; i++) s.step();
    }).toThrow('OneCycleLR: tried to step 11 times; the specified number of total steps is 10');
  });

  test('stateDict round trip continues the sequence', () => {
    const a = sgd(1);
    const sa = new StepLR(a, { stepSize: 2, gamma: 0.1 });
    sa.step();
    sa.step();
    const b = sgd(1);
    const sb = new StepLR(b, { stepSize: 2, gamma: 0.1 });
    sb.loadStateDict(sa.stateDict());
    sa.step();
    sb.step();
    expect(sb.getLastLr()).toEqual(sa.getLastLr());
    expect(sb.lastEpoch).toBe(3);
  });
});

describe('ReduceLROnPlateau', () => {
  test('lowers the rate after patience epochs without improvement', () => {
    const opt = sgd(1);
    const s = new ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 });
    const lrs = [1, 0.9, 0.95, 0.95, 0.95, 0.8, 0.9, 0.9, 0.9].map((m) => (s.step(m), opt.lr));
    expect(lrs).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });
  test('mode max, cooldown and minLr', () => {
    const opt = sgd(1);
    const s = new ReduceLROnPlateau(opt, { mode: 'max', patience: 0, factor: 0.1, cooldown: 1, minLr: 0.05 });
    const lrs = [0.5, 0.4, 0.4, 0.4, 0.4].map((m) => (s.step(m), opt.lr));
    expect(lrs).toBeAllClose([1, 0.1, 0.1, 0.05, 0.05]);
  });
  test('threshold: improvements smaller than it do not count', () => {
    const opt = sgd(1);
    const s = new ReduceLROnPlateau(opt, { patience: 0, threshold: 0.1 });
    s.step(1);
    s.step(0.95); // not below 1·(1 − 0.1)
    expect(opt.lr).toBeCloseTo(0.1, 12);
  });
  test('state round trip', () => {
    const opt = sgd(1);
    const s = new ReduceLROnPlateau(opt, { patience: 1 });
    s.step(1);
    s.step(2);
    const t = new ReduceLROnPlateau(sgd(1), { patience: 1 });
    t.loadStateDict(s.stateDict());
    expect(t.best).toBe(1);
    expect(t.numBadEpochs).toBe(1);
    expect(tensor(t.getLastLr())).toBeAllClose([1]);
  });
});

import { describe, expect, test } from 'vitest';
import { manualSeed, randn, tensor } from '../../src/index.js';
import { crossEntropy, Linear, Parameter, ReLU, Sequential } from '../../src/nn/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type GroupOptions, type Optimizer } from '../../src/optim/index.js';

const f64 = { dtype: 'float64' } as const;

test('Adam: one step moves each weight by lr·sign(g) (bias-corrected), by hand', () => {
  const p = new Parameter(tensor([1, -2, 3], f64));
  p.grad = tensor([0.5, -4, 0], f64);
  new Adam([p], { lr: 0.1 }).step(); // m̂ = g, v̂ = g², step = lr·g/(|g| + ε)
  expect(p).toBeAllClose([0.9, -1.9, 3], { rtol: 1e-7 });
});

test('AdamW decays weights by lr·λ·w even with a zero gradient; Adam with λ adds it to g', () => {
  const a = new Parameter(tensor([2], f64));
  a.grad = tensor([0], f64);
  new AdamW([a], { lr: 0.1, weightDecay: 0.5 }).step();
  expect(a).toBeAllClose([2 * (1 - 0.05)], { rtol: 1e-12 });
  const b = new Parameter(tensor([2], f64));
  b.grad = tensor([0], f64);
  new Adam([b], { lr: 0.1, weightDecay: 0.5 }).step(); // g = λw = 1 → step lr
  expect(b).toBeAllClose([1.9], { rtol: 1e-7 });
});

test('Adam amsgrad keeps the largest second moment', () => {
  const p = new Parameter(tensor([0], f64));
  const opt = new Adam([p], { lr: 0.1, amsgrad: true, betas: [0, 0.5] });
  p.grad = tensor([2], f64);
  opt.step();
  p.grad = tensor([0.1], f64);
  opt.step();
  const st = opt.state.get(p)!;
  expect(st.maxExpAvgSq as never).toBeAllClose([2], { rtol: 1e-12 }); // max(0.5·4, 0.5·2 + 0.5·0.01)
  expect(st.expAvgSq as never).toBeAllClose([1.005], { rtol: 1e-12 });
});

test('RMSprop and Adagrad: one step by hand', () => {
  const r = new Parameter(tensor([1], f64));
  r.grad = tensor([2], f64);
  new RMSprop([r], { lr: 0.01, alpha: 0.9 }).step(); // s = 0.1·4; w −= 0.01·2/√0.4
  expect(r).toBeAllClose([1 - 0.02 / Math.sqrt(0.4)], { rtol: 1e-7 });
  const a = new Parameter(tensor([1], f64));
  a.grad = tensor([2], f64);
  new Adagrad([a], { lr: 0.1, initialAccumulatorValue: 5 }).step(); // s = 5 + 4; w −= 0.1·2/3
  expect(a).toBeAllClose([1 - 0.2 / 3], { rtol: 1e-9 });
});

test('parameters without a gradient are left alone', () => {
  const p = new Parameter(tensor([1, 2]));
  new Adam([p]).step();
  expect(p.toArray()).toEqual([1, 2]);
});

test('invalid options are rejected by name', () => {
  const ps = () => [new Parameter(tensor([1]))];
  expect(() => new Adam(ps(), { betas: [0.9, 1] })).toThrow('Adam: invalid beta at index 1: 1');
  expect(() => new AdamW(ps(), { lr: -1 })).toThrow('AdamW: invalid learning rate -1');
  expect(() => new RMSprop(ps(), { momentum: -1 })).toThrow('RMSprop: invalid momentum -1');
  expect(() => new Adagrad(ps(), { lrDecay: -1 })).toThrow('Adagrad: invalid lrDecay -1');
  expect(() => new SGD([tensor([1], { dtype: 'int32' })])).toThrow('SGD: parameter 0 is int32; only floating tensors can be optimized');
});

describe.each([
  ['SGD', (ps: Parameter[]) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true })],
  ['Adam', (ps: Parameter[]) => new Adam(ps, { lr: 0.01, amsgrad: true })],
  ['AdamW', (ps: Parameter[]) => new AdamW(ps, { lr: 0.01 })],
  ['RMSprop', (ps: Parameter[]) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad', (ps: Parameter[]) => new Adagrad(ps, { lr: 0.1 })],
] as [string, (ps: Parameter[]) => Optimizer<GroupOptions>][])('%s', (_, make) => {
  const task = () => {
    manualSeed(4);
    const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    const x = randn([16, 4]);
    const y = tensor(Array.from({ length: 16 }, (_, i) => i % 3), { dtype: 'int32' });
    const opt = make(model.parameters());
    const step = () => {
      opt.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    };
    return { model, opt, step };
  };

  test('lowers the loss on a small problem', () => {
    const { step } = task();
    const first = step();
    let last = first;
    for (let i = 0; i < 30; i++) last = step();
    expect(last).toBeLessThan(first * 0.8);
  });

  test('stateDict round trip: resuming gives the same weights as not stopping', () => {
    const a = task();
    for (let i = 0; i < 3; i++) a.step();
    const saved = { model: a.model.stateDict(), opt: a.opt.stateDict() };
    const snapshot = Object.fromEntries(Object.entries(saved.model).map(([k, t]) => [k, t.clone()]));
    for (let i = 0; i < 3; i++) a.step();

    const b = task();
    b.model.loadStateDict(snapshot);
    b.opt.loadStateDict(saved.opt);
    for (let i = 0; i < 3; i++) b.step();
    const sa = a.model.stateDict();
    for (const [k, t] of Object.entries(b.model.stateDict())) expect(t).toBeAllClose(sa[k], { rtol: 0, atol: 0 });
  });
});

test('optimizer stateDict holds options per group and cloned state', () => {
  const w = new Parameter(tensor([1, 2]));
  const b = new Parameter(tensor([0]));
  const opt = new SGD([{ params: [w] }, { params: [b], lr: 0.5, weightDecay: 0 }], { lr: 0.1, momentum: 0.9 });
  w.grad = tensor([1, 1]);
  b.grad = tensor([1]);
  opt.step();
  const sd = opt.stateDict();
  expect(sd.paramGroups.map((g) => [g.lr, g.params])).toEqual([[0.1, [0]], [0.5, [1]]]);
  expect(Object.keys(sd.state)).toEqual(['0', '1']);
  opt.step();
  expect(sd.state[0].momentumBuffer as never).toBeAllClose([1, 1]); // not changed by later steps
  const other = new SGD([{ params: [w] }], { lr: 0.1 });
  expect(() => other.loadStateDict(sd)).toThrow('SGD.loadStateDict: the saved groups have [1, 1] parameters, this optimizer [1]');
});

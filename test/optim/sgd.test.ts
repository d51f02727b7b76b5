import { expect, test } from 'vitest';
import { tensor } from '../../src/index.js';
import { Parameter } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/index.js';

const param = (v: number[]) => new Parameter(tensor(v, { dtype: 'float64' }));
const withGrad = (p: Parameter, g: number[]) => ((p.grad = tensor(g, { dtype: 'float64' })), p);

test('SGD: plain step w −= lr·g', () => {
  const p = withGrad(param([1, 2]), [0.5, -1]);
  new SGD([p], { lr: 0.1 }).step();
  expect(p).toBeAllClose([0.95, 2.1], { rtol: 1e-12 });
});

test('SGD: momentum, dampening and weight decay over two steps (hand computed)', () => {
  const p = param([1]);
  const opt = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.1 });
  withGrad(p, [1]);
  opt.step(); // d = 1 + 0.1 = 1.1; b = 1.1 (first step, undamped); w = 1 − 0.11 = 0.89
  expect(p).toBeAllClose([0.89], { rtol: 1e-12 });
  withGrad(p, [1]);
  opt.step(); // d = 1.089; b = 0.99 + 0.5·1.089 = 1.5345; w = 0.89 − 0.15345
  expect(p).toBeAllClose([0.73655], { rtol: 1e-12 });
});

test('SGD: Nesterov', () => {
  const p = param([1]);
  const opt = new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true });
  withGrad(p, [2]);
  opt.step(); // b = 2; d = 2 + 1.8 = 3.8; w = 0.62
  expect(p).toBeAllClose([0.62], { rtol: 1e-12 });
  withGrad(p, [1]);
  opt.step(); // b = 1.8 + 1 = 2.8; d = 1 + 2.52 = 3.52; w = 0.268
  expect(p).toBeAllClose([0.268], { rtol: 1e-12 });
});

test('SGD: maximize ascends', () => {
  const p = withGrad(param([1]), [1]);
  new SGD([p], { lr: 0.5, maximize: true }).step();
  expect(p).toBeAllClose([1.5]);
});

test('SGD: lr is settable per group and through .lr', () => {
  const a = param([1]);
  const b = param([1]);
  const opt = new SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
  expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 1]);
  opt.lr = 0.5;
  withGrad(a, [1]);
  withGrad(b, [1]);
  opt.step();
  expect(a).toBeAllClose([0.5]);
  expect(b).toBeAllClose([0]);
});

test('SGD: invalid options and inputs give clear errors', () => {
  expect(() => new SGD([param([1])], { lr: -1 })).toThrow('SGD: invalid learning rate -1');
  expect(() => new SGD([param([1])], { nesterov: true })).toThrow(/Nesterov/);
  expect(() => new SGD([])).toThrow('SGD: got an empty parameter list');
  const p = param([1, 2]);
  expect(() => new SGD([p, p])).toThrow(/more than one group/);
  expect(() => new SGD([tensor([1, 2, 3], { requiresGrad: true }).slice(0, 1, 3)])).toThrow(/is a view/);
});

test('SGD: step(closure) evaluates the closure first and returns its value', () => {
  const p = param([3]);
  const opt = new SGD([p], { lr: 0.25 });
  const loss = opt.step(() => {
    opt.zeroGrad();
    const l = p.mul(p).sum(); // d/dp p² = 2p = 6
    l.backward();
    return l.item();
  });
  expect(loss).toBe(9);
  expect(p).toBeAllClose([1.5]);
});

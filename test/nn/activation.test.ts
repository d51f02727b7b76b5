import { expect, test } from 'vitest';
import { tensor } from '../../src/index.js';
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh } from '../../src/nn/index.js';

const xs = [-3, -0.5, 0, 0.7, 25];
const x = () => tensor(xs, { dtype: 'float64' });
/** erf by its Maclaurin series (accurate for |z| < 4; GELU is taken as x beyond 5) */
const erf = (z: number) => {
  let sum = z;
  let term = z;
  for (let n = 1; n < 200; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};

test.each([
  ['ReLU', new ReLU(), (v: number) => Math.max(v, 0)],
  ['LeakyReLU', new LeakyReLU(0.1), (v: number) => (v > 0 ? v : 0.1 * v)],
  ['ELU', new ELU(2), (v: number) => (v > 0 ? v : 2 * (Math.exp(v) - 1))],
  ['Sigmoid', new Sigmoid(), (v: number) => 1 / (1 + Math.exp(-v))],
  ['Tanh', new Tanh(), Math.tanh],
  ['Softplus', new Softplus(), (v: number) => (v > 20 ? v : Math.log1p(Math.exp(v)))],
  ['Softplus β=2', new Softplus(2), (v: number) => (2 * v > 20 ? v : Math.log1p(Math.exp(2 * v)) / 2)],
  ['GELU', new GELU(), (v: number) => (v > 5 ? v : 0.5 * v * (1 + erf(v / Math.SQRT2)))],
  [
    'GELU tanh',
    new GELU('tanh'),
    (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
  ],
] as const)('%s matches its closed form', (_, m, f) => {
  expect(m.forward(x())).toBeAllClose(xs.map(f), { rtol: 1e-10, atol: 1e-12 });
});

test('Softmax and LogSoftmax along an axis', () => {
  const t = tensor([[1, 2], [3, 5]], { dtype: 'float64' });
  const col0 = [Math.exp(1), Math.exp(3)];
  const s0 = col0[0] + col0[1];
  expect(new Softmax(0).forward(t).slice(1, 0, 1)).toBeAllClose([[col0[0] / s0], [col0[1] / s0]], { rtol: 1e-12 });
  expect(new LogSoftmax().forward(t)).toBeAllClose(
    [[1 - Math.log(Math.E + Math.E ** 2), 2 - Math.log(Math.E + Math.E ** 2)], [3 - Math.log(Math.E ** 3 + Math.E ** 5), 5 - Math.log(Math.E ** 3 + Math.E ** 5)]],
    { rtol: 1e-12 },
  );
});

test('summaries name the options', () => {
  expect(new LeakyReLU(0.2).toString()).toContain('LeakyReLU(negativeSlope=0.2)');
  expect(new GELU('tanh').toString()).toContain('GELU(approximate=tanh)');
});

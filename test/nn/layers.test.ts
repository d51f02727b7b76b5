import { describe, expect, test } from 'vitest';
import { Generator, gradcheck, manualSeed, ones, randn, tensor } from '../../src/index.js';
import {
  BatchNorm1d, dropout, Dropout, ELU, Embedding, Flatten, GELU, Identity, LayerNorm, LeakyReLU, Linear, LogSoftmax,
  type Module, ReLU, Sequential, Sigmoid, Softmax, Softplus, Tanh,
} from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = { dtype: 'float64' } as const;
/** gradcheck of a module's forward with respect to its input and the named parameters */
function checkModule(m: Module, x: Tensor, names: string[] = []): boolean {
  const params = names.map((n) => (m as unknown as Record<string, Tensor>)[n]);
  const fn = (input: Tensor, ...ps: Tensor[]) => {
    names.forEach((n, i) => Object.assign(m, { [n]: ps[i] })); // forward reads the perturbed copies
    return m.forward(input) as Tensor;
  };
  const r = gradcheck(fn, [x, ...params]);
  if (!r.ok) console.error(m.constructor.name, r.worst);
  return r.ok;
}

describe('gradients match finite differences (float64)', () => {
  // inputs kept away from kinks (0 for ReLU-like, the threshold for Softplus)
  const x = () => randn([3, 4], f64).add(tensor([0.31, -0.27, 0.45, -0.52], f64));
  const cases: [string, () => Module, () => Tensor, string[]?][] = [
    ['ReLU', () => new ReLU(), x],
    ['LeakyReLU', () => new LeakyReLU(0.2), x],
    ['ELU', () => new ELU(0.7), x],
    ['GELU', () => new GELU(), x],
    ['GELU tanh', () => new GELU('tanh'), x],
    ['Sigmoid', () => new Sigmoid(), x],
    ['Tanh', () => new Tanh(), x],
    ['Softplus β=2', () => new Softplus(2, 3), x],
    ['Softmax', () => new Softmax(1), x],
    ['LogSoftmax', () => new LogSoftmax(0), x],
    ['Identity', () => new Identity(), x],
    ['Flatten', () => new Flatten(), () => randn([2, 3, 4], f64)],
    ['Linear', () => new Linear(4, 3).double(), x, ['weight', 'bias']],
    ['Sequential', () => new Sequential(new Linear(4, 5), new Tanh(), new Linear(5, 2)).double(), x],
    ['BatchNorm1d [N, C] training', () => new BatchNorm1d(4, f64), x, ['weight', 'bias']],
    ['BatchNorm1d [N, C, L] training', () => new BatchNorm1d(3, f64), () => randn([2, 3, 5], f64), ['weight', 'bias']],
    ['BatchNorm1d eval', () => new BatchNorm1d(4, f64).eval(), x, ['weight', 'bias']],
    ['LayerNorm', () => new LayerNorm(4, f64), x, ['weight', 'bias']],
    ['LayerNorm over two axes', () => new LayerNorm([3, 4], f64), () => randn([2, 3, 4], f64), ['weight', 'bias']],
  ];
  test.each(cases)('%s', (_, make, input, names) => {
    expect(checkModule(make(), input(), names)).toBe(true);
  });

  test('Dropout (fixed mask)', () => {
    const r = gradcheck((x) => dropout(x, { p: 0.3, generator: new Generator(5) }), [randn([4, 5], f64)]);
    expect(r.ok).toBe(true);
  });

  test('Embedding (repeated indices accumulate)', () => {
    const e = new Embedding(5, 3, f64);
    const idx = tensor([[0, 2], [2, 4]], { dtype: 'int32' });
    const r = gradcheck((w) => (Object.assign(e, { weight: w }), e.forward(idx)), [e.weight]);
    expect(r.ok).toBe(true);
  });
});

describe('BatchNorm1d', () => {
  const x = () => tensor([[1, 2], [3, 6], [5, 10]], f64);
  test('normalizes with batch statistics and updates running ones as PyTorch', () => {
    const bn = new BatchNorm1d(2, f64);
    const y = bn.forward(x());
    // mean [3, 6]; biased variance [8/3, 32/3]
    const want = [[1, 2], [3, 6], [5, 10]].map((r) => [(r[0] - 3) / Math.sqrt(8 / 3 + 1e-5), (r[1] - 6) / Math.sqrt(32 / 3 + 1e-5)]);
    expect(y).toBeAllClose(want, { rtol: 1e-12 });
    // running = 0.9·running + 0.1·batch, with the unbiased variance [4, 16]
    expect(bn.runningMean!).toBeAllClose([0.3, 0.6], { rtol: 1e-12 });
    expect(bn.runningVar!).toBeAllClose([1.3, 2.5], { rtol: 1e-12 });
    expect(bn.numBatchesTracked!.item()).toBe(1);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'runningMean', 'runningVar', 'numBatchesTracked']);
  });
  test('eval mode uses the running statistics', () => {
    const bn = new BatchNorm1d(2, f64);
    bn.forward(x());
    bn.eval();
    expect(bn.forward(tensor([[1.3, 2.6]], f64))).toBeAllClose(
      [[(1.3 - 0.3) / Math.sqrt(1.3 + 1e-5), (2.6 - 0.6) / Math.sqrt(2.5 + 1e-5)]],
      { rtol: 1e-12 },
    );
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });
  test('momentum null keeps a cumulative average', () => {
    const bn = new BatchNorm1d(1, { momentum: null, dtype: 'float64' });
    bn.forward(tensor([[0], [2]], f64));
    bn.forward(tensor([[4], [6]], f64));
    expect(bn.runningMean!).toBeAllClose([3], { rtol: 1e-12 });
  });
  test('errors name the expected and the actual shapes', () => {
    expect(() => new BatchNorm1d(3).forward(randn([4, 2]))).toThrow('BatchNorm1d: expected input [N, 3] or [N, 3, L], got [4, 2]');
    expect(() => new BatchNorm1d(3).forward(randn([1, 3]))).toThrow(/more than 1 value per channel/);
  });
});

describe('Dropout', () => {
  test('zeroes about p of the elements and scales the rest by 1/(1 − p); identity in eval', () => {
    manualSeed(11);
    const d = new Dropout(0.25);
    const y = Array.from(d.forward(ones([100000])).dataSync());
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.24);
    expect(zeros).toBeLessThan(0.26);
    expect(new Set(y)).toEqual(new Set([0, 1 / 0.75].map(Math.fround)));
    d.eval();
    const x = randn([3, 3]);
    expect(d.forward(x)).toBe(x);
  });
  test('rejects a probability outside [0, 1]', () => {
    expect(() => new Dropout(1.5)).toThrow('Dropout: probability must be in [0, 1], got 1.5');
  });
});

describe('LayerNorm', () => {
  test('normalizes each row with the biased variance', () => {
    const y = new LayerNorm(3, f64).forward(tensor([[1, 2, 3], [2, 2, 5]], f64));
    const row = (r: number[]) => {
      const m = r.reduce((a, b) => a + b) / 3;
      const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
      return r.map((x) => (x - m) / Math.sqrt(v + 1e-5));
    };
    expect(y).toBeAllClose([row([1, 2, 3]), row([2, 2, 5])], { rtol: 1e-12 });
  });
  test('names the shapes on a mismatch', () => {
    expect(() => new LayerNorm([3, 4]).forward(randn([2, 4, 3]))).toThrow('LayerNorm: input [2, 4, 3] does not end in normalizedShape [3, 4]');
  });
});

describe('Embedding', () => {
  test('looks up rows for indices of any shape', () => {
    const e = new Embedding(4, 2);
    const y = e.forward(tensor([[3, 0, 3]], { dtype: 'int32' }));
    const w = e.weight.toArray() as number[][];
    expect(y.shape).toEqual([1, 3, 2]);
    expect(y.toArray()).toEqual([[w[3], w[0], w[3]]]);
  });
  test('the padding row starts at zero and gets no gradient', () => {
    const e = new Embedding(4, 2, { paddingIdx: 1 });
    expect(e.weight.toArray()).toContainEqual([0, 0]);
    e.forward(tensor([1, 2, 1], { dtype: 'int32' })).sum().backward();
    expect(e.weight.grad!.toArray()).toEqual([[0, 0], [0, 0], [1, 1], [0, 0]]);
  });
  test('rejects float indices', () => {
    expect(() => new Embedding(4, 2).forward(tensor([1, 2]))).toThrow('Embedding: indices must be int32, got float32');
  });
});

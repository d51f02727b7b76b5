import { expect, test } from 'vitest';
import { gradcheck, manualSeed, randn, tensor } from '../../src/index.js';
import { Linear, linear } from '../../src/nn/index.js';

test('Linear computes x·Wᵀ + b', () => {
  const m = new Linear(2, 3);
  const x = tensor([[1, 2], [3, 4]]);
  const w = m.weight.toArray() as number[][];
  const b = m.bias!.toArray() as number[];
  const want = [[1, 2], [3, 4]].map((r) => w.map((wr, j) => wr[0] * r[0] + wr[1] * r[1] + b[j]));
  expect(m.forward(x)).toBeAllClose(want, { rtol: 1e-6 });
});

test('Linear weights are drawn from U(−1/√in, 1/√in) and are seeded', () => {
  manualSeed(3);
  const a = new Linear(100, 50);
  manualSeed(3);
  const b = new Linear(100, 50);
  expect(a.weight.toArray()).toEqual(b.weight.toArray());
  const v = Array.from(a.weight.dataSync());
  expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(0.1);
  expect(Math.max(...v)).toBeGreaterThan(0.09);
});

test('Linear gradients match finite differences (float64, batched input)', () => {
  const m = new Linear(4, 3).double();
  const r = gradcheck((x, w, b) => linear(x, w, b), [randn([2, 5, 4], { dtype: 'float64' }), m.weight, m.bias!]);
  expect(r.ok).toBe(true);
});

test('linear names the shapes when the features differ', () => {
  expect(() => new Linear(4, 3).forward(randn([2, 5]))).toThrow('linear: input [2, 5] does not end in 4 features (weight [3, 4])');
});

test('Linear accepts a single sample [in] and gives [out]; weight gradients come out contiguous', () => {
  const m = new Linear(3, 2);
  expect(m.forward(tensor([1, 2, 3])).shape).toEqual([2]);
  m.forward(randn([5, 3])).sum().backward();
  expect(m.weight.grad!.shape).toEqual([2, 3]);
  expect(m.weight.grad!.isContiguous()).toBe(true);
  const r = gradcheck((x, w) => linear(x, w), [randn([3], { dtype: 'float64' }), randn([2, 3], { dtype: 'float64' })]);
  expect(r.ok).toBe(true);
});

test('summary', () => {
  manualSeed(0);
  expect(new Linear(3, 2, { bias: false }).toString()).toBe(
    'Linear(inFeatures=3, outFeatures=2, bias=false)  6 params\nTotal: 6 parameters (6 trainable)',
  );
});

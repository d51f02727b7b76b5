import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { tensor } from '../../src/tensor/create.js';

const x = () => tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]); // [2, 2, 3]

describe('reductions with axes and keepdims', () => {
  test('sum over all, one axis, several axes, negative axes', () => {
    expect(x().sum().item()).toBe(78);
    expect(x().sum().shape).toEqual([]);
    expect(x().sum(0).toArray()).toEqual([[8, 10, 12], [14, 16, 18]]);
    expect(x().sum(-1).toArray()).toEqual([[6, 15], [24, 33]]);
    expect(x().sum([0, 2]).toArray()).toEqual([30, 48]);
    expect(x().sum([2, 0]).toArray()).toEqual([30, 48]); // order does not matter
    expect(x().sum([0, 2], true).shape).toEqual([1, 2, 1]);
    expect(x().sum(1, true).toArray()).toEqual([[[5, 7, 9]], [[17, 19, 21]]]);
  });
  test('sum of a view reduces the viewed elements', () => {
    expect(x().permute(2, 0, 1).sum(0).toArray()).toEqual([[6, 15], [24, 33]]);
    expect(x().slice(2, 0, 3, 2).sum(-1).toArray()).toEqual([[4, 10], [16, 22]]);
    expect(tensor([[1], [2]]).expand([2, 5]).sum(1).toArray()).toEqual([5, 10]);
  });
  test('mean, var and std (Bessel-corrected by default, as torch)', () => {
    expect(x().mean().item()).toBe(6.5);
    expect(x().mean([1, 2]).toArray()).toEqual([3.5, 9.5]);
    const v = tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(v.var().item()).toBeCloseTo(5 / 3, 14);
    expect(v.var(0, { correction: 0 }).item()).toBeCloseTo(1.25, 14);
    expect(v.std().item()).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(tensor([[1, 3], [2, 6]]).var(1, { keepdims: true }).toArray()).toEqual([[2], [8]]);
  });
  test('max and min with axes; ties do not matter for values', () => {
    expect(x().max().item()).toBe(12);
    expect(x().min(0).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(x().max([1, 2], true).toArray()).toEqual([[[6]], [[12]]]);
    expect(tensor([3, -1, 3]).max().item()).toBe(3);
  });
  test('logsumexp is stable for large values', () => {
    const big = tensor([1000, 1000], { dtype: 'float64' });
    expect(big.logsumexp().item()).toBeCloseTo(1000 + Math.log(2), 10);
    expect(tensor([[0, Math.log(3)]], { dtype: 'float64' }).logsumexp(1, true).toArray()).toEqual([[Math.log(4)]]);
  });
  test('softmax rows sum to 1; logSoftmax is its log', () => {
    const z = tensor([[1, 2, 3], [1000, 1000, 1000]], { dtype: 'float64' });
    expect(z.softmax().sum(1).toArray()).toBeAllClose([1, 1], { rtol: 1e-12 });
    expect((z.softmax().toArray() as number[][])[1]).toBeAllClose([1 / 3, 1 / 3, 1 / 3], { rtol: 1e-12 });
    expect(z.logSoftmax().exp()).toBeAllClose(z.softmax(), { rtol: 1e-12 });
  });
  test('sum of an empty axis is 0; max of one is an error', () => {
    expect(tensor([]).sum().item()).toBe(0);
    expect(() => tensor([]).max()).toThrow('amax: cannot reduce an empty axis of [0]');
  });
});

describe('argmax and argmin', () => {
  test('along an axis, flattened, keepdims; the first index wins ties', () => {
    const m = tensor([[1, 7, 7], [9, 2, 2]]);
    expect(m.argmax(1).toArray()).toEqual([1, 0]);
    expect(m.argmin(1).toArray()).toEqual([0, 1]);
    expect(m.argmax(0).toArray()).toEqual([1, 0, 0]);
    expect(m.argmax(-1, true).toArray()).toEqual([[1], [0]]);
    expect(m.argmax().item()).toBe(3); // flat index
    expect(m.argmin().item()).toBe(0);
    expect(m.T.argmax(1).toArray()).toEqual([1, 0, 0]);
  });
  test('are not differentiable, and NaN counts as the largest', () => {
    const v = tensor([1, 5, 2], { requiresGrad: true });
    expect(v.argmax().requiresGrad).toBe(false);
    expect(tensor([1, NaN, 3]).argmax().item()).toBe(1);
  });
});

describe('comparisons', () => {
  test('lt le gt ge eq ne give 0/1 and broadcast', () => {
    const a = tensor([1, 2, 3]);
    expect(a.lt(2).toArray()).toEqual([1, 0, 0]);
    expect(a.le(2).toArray()).toEqual([1, 1, 0]);
    expect(a.gt(2).toArray()).toEqual([0, 0, 1]);
    expect(a.ge(2).toArray()).toEqual([0, 1, 1]);
    expect(a.eq(2).toArray()).toEqual([0, 1, 0]);
    expect(a.ne(2).toArray()).toEqual([1, 0, 1]);
    expect(a.lt(tensor([[2], [3]])).toArray()).toEqual([[1, 0, 0], [1, 1, 0]]);
    expect(F.gt(2, a).toArray()).toEqual([1, 0, 0]);
  });
  test('NaN compares unequal to everything', () => {
    const n = tensor([NaN, 1]);
    expect(n.eq(n).toArray()).toEqual([0, 1]);
    expect(n.lt(2).toArray()).toEqual([0, 1]);
  });
  test('maximum and minimum are elementwise; clamp limits', () => {
    expect(tensor([1, 5, 3]).maximum(tensor([4, 2, 3])).toArray()).toEqual([4, 5, 3]);
    expect(tensor([1, 5, 3]).minimum(2).toArray()).toEqual([1, 2, 2]);
    expect(tensor([-2, 0.5, 3]).clamp(0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(tensor([-2, 0.5, 3]).clamp(undefined, 1).toArray()).toEqual([-2, 0.5, 1]);
  });
});

test('logsumexp of infinite values is ±∞ (not NaN), as in PyTorch', () => {
  expect(tensor([-Infinity, -Infinity]).logsumexp().item()).toBe(-Infinity);
  expect(tensor([Infinity, 1]).logsumexp().item()).toBe(Infinity);
  expect(tensor([[0, -Infinity]]).logSoftmax().toArray()).toEqual([[0, -Infinity]]);
});

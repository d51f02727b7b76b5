import { describe, expect, test } from 'vitest';
import { inspect } from 'node:util';
import { arange, tensor, zeros } from '../../src/tensor/create.js';

describe('printing', () => {
  test('PyTorch-style nested brackets with aligned columns', () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).toString()).toBe('tensor([[1.0, 2.0, 3.0],\n        [4.0, 5.0, 6.0]])');
    expect(tensor([[0.1, 0.25], [1000, 3]]).toString()).toBe('tensor([[   0.1,   0.25],\n        [1000.0,    3.0]])');
    expect(tensor([1.5, -3.25]).toString()).toBe('tensor([  1.5, -3.25])');
  });
  test('0-d, empty, 3-D (blank line between blocks)', () => {
    expect(tensor(3).toString()).toBe('tensor(3.0)');
    expect(tensor([]).toString()).toBe('tensor([])');
    expect(zeros([2, 1, 2]).toString()).toBe('tensor([[[0.0, 0.0]],\n\n        [[0.0, 0.0]]])');
  });
  test('dtype other than float32 and requiresGrad are named', () => {
    expect(arange(3).toString()).toBe('tensor([0, 1, 2], dtype=int32)');
    expect(tensor([0.5], { dtype: 'float64' }).toString()).toBe('tensor([0.5], dtype=float64)');
    expect(tensor([1], { requiresGrad: true }).toString()).toBe('tensor([1.0], requiresGrad=true)');
  });
  test('long tensors are summarised; special values print', () => {
    expect(arange(2000).toString()).toBe('tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)');
    expect(tensor([NaN, Infinity, -Infinity]).toString()).toBe('tensor([      NaN,  Infinity, -Infinity])');
    expect(tensor([1e-5, 123456.789, -1, 2e9], { dtype: 'float64' }).toString()).toBe(
      'tensor([1.0000e-5, 1.2346e+5,      -1.0, 2.0000e+9], dtype=float64)',
    );
  });
  test('views print their own elements; Node’s inspect uses the same text', () => {
    const t = tensor([[1, 2], [3, 4]]);
    expect(t.T.toString()).toBe('tensor([[1.0, 3.0],\n        [2.0, 4.0]])');
    expect(inspect(t)).toBe(t.toString());
    expect(`${tensor([2])}`).toBe('tensor([2.0])');
  });
});

describe('getting values out', () => {
  test('toArray gives nested arrays (a number for 0-d), in view order', () => {
    expect(tensor([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensor([[1, 2], [3, 4]]).T.toArray()).toEqual([[1, 3], [2, 4]]);
    expect(tensor(7).toArray()).toBe(7);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
  });
  test('item reads one-element tensors of any rank, views included', () => {
    expect(tensor([[5]]).item()).toBe(5);
    expect(tensor([1, 2, 3]).slice(0, 2).item()).toBe(3);
    expect(tensor([[1, 2], [3, 4]]).T.slice(0, 1).slice(1, 0, 1).item()).toBe(2);
    expect(() => tensor([1, 2]).item()).toThrow('item: expected a tensor with one element, got shape [2]');
  });
  test('dataSync returns a row-major copy of the right typed array', () => {
    const d = tensor([[1, 2], [3, 4]], { dtype: 'float64' }).T.dataSync();
    expect(d).toBeInstanceOf(Float64Array);
    expect(Array.from(d)).toEqual([1, 3, 2, 4]);
  });
});

import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { arange, tensor } from '../../src/tensor/create.js';

// float32 is the default, float64 serves exact checks, int32 holds indices and labels. Ops never
// mix dtypes silently: both operands must agree, and a conversion is one explicit call.

const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });

describe('dtype rules', () => {
  test('results keep the operands’ dtype; numbers adopt the tensor’s', () => {
    const d = tensor([1, 2], { dtype: 'float64' });
    expect(d.add(0.1).dtype).toBe('float64');
    expect(d.add(0.1).toArray()).toEqual([1.1, 2.1]); // computed in float64
    expect(F.sub(1, d).dtype).toBe('float64');
    expect(tensor([1, 2]).mul(2).dtype).toBe('float32');
    expect(i32([1, 2]).add(3).dtype).toBe('int32');
  });
  test('int32 arithmetic stays int32; division truncates toward zero', () => {
    expect(i32([7, -7]).div(2).toArray()).toEqual([3, -3]);
    expect(i32([2, 3]).mul(i32([4, 5])).toArray()).toEqual([8, 15]);
    expect(i32([-2, 3]).abs().toArray()).toEqual([2, 3]);
    expect(i32([-2, 3]).neg().relu().toArray()).toEqual([2, 0]);
  });
  test('comparisons give 0/1 in the operands’ dtype', () => {
    const c = i32([1, 5]).gt(2);
    expect([c.dtype, c.toArray()]).toEqual(['int32', [0, 1]]);
    expect(tensor([1, 5], { dtype: 'float64' }).le(1).dtype).toBe('float64');
  });
  test('sum, max and argmax work on int32; argmax/argmin always give int32', () => {
    const x = i32([3, 9, 4]);
    expect([x.sum().dtype, x.sum().item()]).toEqual(['int32', 16]);
    expect(x.max().item()).toBe(9);
    expect(tensor([0.5, 2]).argmax().dtype).toBe('int32');
  });
  test('to/float/double/int convert; int() truncates; a no-op cast is the tensor itself', () => {
    const x = tensor([1.75, -1.75]);
    expect(x.to('float64').dtype).toBe('float64');
    expect(x.int().toArray()).toEqual([1, -1]);
    expect(i32([1, 2]).float().dtype).toBe('float32');
    expect(i32([1, 2]).double().toArray()).toEqual([1, 2]);
    expect(x.to('float32')).toBe(x);
    expect(tensor([0.1], { dtype: 'float64' }).float().item()).toBe(Math.fround(0.1));
  });
  test('casting keeps gradients flowing between float dtypes', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    x.float().mul(3).double().sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });
  test('dtype misuse is an error naming the op and the dtypes', () => {
    expect(() => i32([1, 2]).exp()).toThrow('exp: expects a floating tensor (float32 or float64), got int32; convert with .float()');
    expect(() => i32([1, 2]).add(tensor([1, 2]))).toThrow("add: dtypes differ: int32 and float32; convert one with .to('float32')");
    expect(() => tensor([1]).mul(tensor([1], { dtype: 'float64' }))).toThrow(/mul: dtypes differ: float32 and float64; convert one with \.to\('float32'\)/);
    expect(() => i32([1, 2]).add(1.5)).toThrow('the number 1.5 cannot combine with an int32 tensor; convert the tensor with .float()');
    expect(() => i32([1, 2]).mean()).toThrow(/^mean: expects a floating tensor.*got int32/);
    expect(() => i32([1, 2]).var()).toThrow(/^var: expects a floating tensor/);
    expect(() => i32([1, 2]).softmax()).toThrow(/expects a floating tensor.*got int32/);
    expect(() => i32([1, 2]).matmul(i32([1, 2]))).toThrow(/^matmul: expects a floating tensor/);
    expect(() => i32([1]).requiresGrad_()).toThrow('requiresGrad: only floating tensors can require gradients, got int32');
    expect(() => tensor([1, 2]).gather(0, tensor([0]))).toThrow('gather: index must be an int32 tensor, got float32');
    expect(() => F.oneHot(tensor([0, 1]), 2)).toThrow('oneHot: labels must be int32, got float32');
    expect(() => F.concat([tensor([1]), i32([1])])).toThrow(/^concat: dtypes differ: float32 and int32/);
  });
  test('oneHot and arange give the expected dtypes', () => {
    expect(F.oneHot(i32([2, 0]), 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(arange(3).dtype).toBe('int32');
  });
});

import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { ones, tensor, zeros } from '../../src/tensor/create.js';

// Bad input fails at the call that caused it, with the op's name and the offending values.
// (dtype misuse is covered in test/tensor/dtype.test.ts.)

const i32 = (v: number[], shape?: number[]) => tensor(v, { dtype: 'int32', shape });

describe('shape mismatches name the op and both shapes', () => {
  test('elementwise broadcasting', () => {
    expect(() => zeros([2, 3]).add(zeros([4]))).toThrow('add: shapes cannot broadcast: [2, 3] and [4]');
    expect(() => zeros([2, 3]).mul(zeros([3, 2]))).toThrow('mul: shapes cannot broadcast: [2, 3] and [3, 2]');
    expect(() => zeros([5]).maximum(zeros([2]))).toThrow('maximum: shapes cannot broadcast: [5] and [2]');
    expect(() => zeros([5]).lt(zeros([2]))).toThrow('lt: shapes cannot broadcast: [5] and [2]');
    expect(() => F.where(ones([2]), zeros([2]), zeros([3]))).toThrow('where: shapes cannot broadcast: [2] and [2] and [3]');
  });
  test('matmul', () => {
    expect(() => zeros([2, 3]).matmul(zeros([4, 5]))).toThrow('matmul: inner dimensions differ: [2, 3] @ [4, 5]');
    expect(() => zeros([3]).matmul(zeros([4, 2]))).toThrow('matmul: inner dimensions differ: [3] @ [4, 2]');
    expect(() => zeros([2, 3]).matmul(zeros([4]))).toThrow('matmul: inner dimensions differ: [2, 3] @ [4]');
    expect(() => zeros([2, 3, 4]).matmul(zeros([3, 4, 5]))).toThrow('matmul: batch dimensions cannot broadcast: [2, 3, 4] @ [3, 4, 5]');
    expect(() => tensor(1).matmul(zeros([2]))).toThrow('matmul: both operands need at least 1 dimension, got [] @ [2]');
  });
  test('reshape, expand, permute, concat, stack, split', () => {
    expect(() => zeros([2, 3]).reshape([4])).toThrow('reshape: cannot reshape [2, 3] (6 elements) to [4]');
    expect(() => zeros([2, 3]).reshape([-1, -1])).toThrow('reshape: cannot reshape [2, 3] (6 elements) to [-1, -1]');
    expect(() => zeros([6]).reshape([4, -1])).toThrow('reshape: cannot reshape [6] (6 elements) to [4, -1]');
    expect(() => zeros([2, 3]).expand([3, 3])).toThrow('expand: cannot expand [2, 3] to [3, 3]');
    expect(() => zeros([2, 3]).expand([3])).toThrow('expand: cannot expand [2, 3] to [3]');
    expect(() => zeros([3]).expand([-1, 3])).toThrow('expand: cannot expand [3] to [-1, 3]');
    expect(() => zeros([2, 3]).permute(0, 0)).toThrow('permute: axes [0, 0] are not a permutation of 2 dimensions');
    expect(() => zeros([2, 3]).permute(0)).toThrow('permute: axes [0] are not a permutation of 2 dimensions');
    expect(() => F.concat([zeros([2, 3]), zeros([3, 3])], 1)).toThrow('concat: shapes differ off axis 1: [2, 3], [3, 3]');
    expect(() => F.concat([])).toThrow('concat: needs at least one tensor');
    expect(() => F.concat([tensor(1), tensor(2)])).toThrow('concat: 0-d tensors have no axis to join; use stack');
    expect(() => F.stack([zeros([2, 3]), zeros([3, 3])])).toThrow('stack: shapes differ: [2, 3], [3, 3]');
    expect(() => F.split(zeros([5]), [2, 2])).toThrow('split: sizes [2, 2] do not add up to 5');
  });
  test('gather and scatterAdd index shapes', () => {
    expect(() => zeros([3, 5]).gather(1, i32([0, 1]))).toThrow('gather: index shape [2] must match input [3, 5] except on axis 1');
    expect(() => F.scatterAdd(zeros([3, 5]), 1, i32([0, 1], [2, 1]), zeros([3, 1]))).toThrow(
      'scatterAdd: index [2, 1] and src [3, 1] must match base [3, 5] except on axis 1',
    );
    expect(() => zeros([3]).indexSelect(0, i32([0, 1], [1, 2]))).toThrow('indexSelect: index must be 1-D, got [1, 2]');
  });
});

describe('axes and indices out of range', () => {
  test('axes', () => {
    expect(() => zeros([2, 3]).sum(2)).toThrow('sum: axis 2 is out of range for a tensor of rank 2');
    expect(() => zeros([2, 3]).max(-3)).toThrow('amax: axis -3 is out of range for a tensor of rank 2');
    expect(() => zeros([2, 3]).softmax(5)).toThrow(/axis 5 is out of range for a tensor of rank 2/);
    expect(() => zeros([2, 3]).slice(3, 0)).toThrow('slice: axis 3 is out of range for a tensor of rank 2');
    expect(() => zeros([2, 3]).transpose(0, 2)).toThrow('transpose: axis 2 is out of range for a tensor of rank 2');
    expect(() => zeros([2, 3]).unsqueeze(4)).toThrow('unsqueeze: axis 4 is out of range for a tensor of rank 3');
    expect(() => zeros([2, 3]).argmax(1.5)).toThrow('argmax: axis 1.5 is out of range for a tensor of rank 2');
  });
  test('indices', () => {
    expect(() => tensor([1, 2, 3]).indexSelect(0, [3])).toThrow('indexSelect: index 3 is out of range for an axis of size 3');
    expect(() => tensor([1, 2, 3]).indexSelect(0, [-1])).toThrow('indexSelect: index -1 is out of range for an axis of size 3');
    expect(() => tensor([[1, 2, 3]]).gather(1, i32([5], [1, 1]))).toThrow('gather: index 5 is out of range for an axis of size 3');
    expect(() => F.scatterAdd(zeros([2]), 0, i32([2]), ones([1]))).toThrow('scatterAdd: index 2 is out of range for an axis of size 2');
    expect(() => F.oneHot(i32([0, 3]), 3)).toThrow('oneHot: label 3 is out of range for 3 classes');
  });
  test('bad slice and pad arguments', () => {
    expect(() => zeros([3]).slice(0, 0, 3, 0)).toThrow('slice: step must be a positive integer, got 0');
    expect(() => F.pad(zeros([3]), [[-1, 0]])).toThrow('pad: pads must be non-negative integers, got [[-1,0]]');
    expect(() => F.pad(zeros([3]), [[0, 0], [1, 1]])).toThrow('pad: 2 pad pairs for a tensor of rank 1');
  });
});

describe('backward misuse', () => {
  test('a non-scalar without a gradient argument', () => {
    const x = zeros([2, 3], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('backward: a non-scalar tensor of shape [2, 3] needs a gradient argument of the same shape');
  });
  test('a gradient of another shape', () => {
    const x = zeros([2, 3], { requiresGrad: true });
    expect(() => x.mul(2).backward(ones([3]))).toThrow("backward: gradient shape [3] differs from the tensor's shape [2, 3]");
  });
  test('a tensor that does not require grad', () => {
    expect(() => zeros([1]).exp().backward()).toThrow(/^backward: this tensor does not require grad/);
  });
  test('item of a tensor with several elements', () => {
    expect(() => zeros([2, 3]).item()).toThrow('item: expected a tensor with one element, got shape [2, 3]');
  });
});

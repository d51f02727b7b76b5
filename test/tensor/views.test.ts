import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { arange, tensor, zeros } from '../../src/tensor/create.js';
import { broadcastShapes } from '../../src/tensor/shape.js';
import type { Tensor } from '../../src/tensor/tensor.js';

// Views read the same typed array with other shapes/strides/offsets: writing through the storage
// shows up in every view, and no op copies unless it has to.

const grid = () => tensor([...Array(12).keys()], { shape: [3, 4] }); // [[0..3], [4..7], [8..11]]
/** Row i of a tensor's nested array. */
const at = (t: Tensor, i: number) => (t.toArray() as number[])[i];
const sharesStorage = (v: Tensor, t: Tensor) => v.data === t.data;

describe('views share storage', () => {
  test('reshape/view/flatten of a contiguous tensor', () => {
    const t = grid();
    for (const v of [t.reshape([4, 3]), t.view(2, 6), t.reshape([-1]), t.flatten(), t.reshape(2, -1, 3)]) {
      expect(sharesStorage(v, t)).toBe(true);
      expect(v.isContiguous()).toBe(true);
    }
    expect(t.reshape([2, -1, 3]).shape).toEqual([2, 2, 3]);
    (t.data as Float32Array)[5] = 50;
    expect(at(t.reshape([12]), 5)).toBe(50);
  });
  test('permute, transpose and T are strided views', () => {
    const t = grid();
    const p = t.T;
    expect(sharesStorage(p, t)).toBe(true);
    expect(p.shape).toEqual([4, 3]);
    expect(p.strides).toEqual([1, 4]);
    expect(p.isContiguous()).toBe(false);
    expect(p.toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    const x = arange(24).reshape([2, 3, 4]);
    expect(x.permute(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(at(x.permute([2, 0, 1]), 1)).toEqual([[1, 5, 9], [13, 17, 21]]);
    expect(x.transpose(0, 2).shape).toEqual([4, 3, 2]);
    expect(sharesStorage(x.permute(1, 2, 0), x)).toBe(true);
  });
  test('slice (with steps and negative bounds) is an offset view', () => {
    const t = grid();
    const s = t.slice(0, 1);
    expect(sharesStorage(s, t)).toBe(true);
    expect([s.offset, s.shape]).toEqual([4, [2, 4]]);
    expect(s.isContiguous()).toBe(true);
    const c = t.slice(1, 1, undefined, 2);
    expect(c.toArray()).toEqual([[1, 3], [5, 7], [9, 11]]);
    expect(c.strides).toEqual([4, 2]);
    expect(t.slice(1, -3, -1).toArray()).toEqual([[1, 2], [5, 6], [9, 10]]);
    expect(t.slice(0, 5, 9).shape).toEqual([0, 4]); // clamped, as Python slices
    expect(t.slice(0, 0)).toBe(t); // a no-op slice is the tensor itself
    (t.data as Float32Array)[9] = 90;
    expect(c.toArray()).toEqual([[1, 3], [5, 7], [90, 11]]);
  });
  test('expand repeats with stride 0; -1 keeps a size', () => {
    const col = tensor([[1], [2], [3]]);
    const e = col.expand([2, 3, 4]);
    expect(sharesStorage(e, col)).toBe(true);
    expect(e.strides).toEqual([0, 1, 0]);
    expect(at(e, 1)).toEqual([[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]]);
    expect(col.expand(-1, 2).toArray()).toEqual([[1, 1], [2, 2], [3, 3]]);
  });
  test('squeeze and unsqueeze', () => {
    const t = zeros([3, 1, 4, 1]);
    expect(t.squeeze().shape).toEqual([3, 4]);
    expect(t.squeeze(1).shape).toEqual([3, 4, 1]);
    expect(t.squeeze([1, -1]).shape).toEqual([3, 4]);
    expect(t.squeeze(0).shape).toEqual([3, 1, 4, 1]); // size 3: not squeezed, as in PyTorch
    expect(t.unsqueeze(0).shape).toEqual([1, 3, 1, 4, 1]);
    expect(t.unsqueeze(-1).shape).toEqual([3, 1, 4, 1, 1]);
    for (const v of [t.squeeze(), t.unsqueeze(2)]) expect(sharesStorage(v, t)).toBe(true);
  });
  test('views of views keep the root tensor as base', () => {
    const t = grid();
    const v = t.T.slice(0, 1).expand([2, 3, 3]);
    expect(v.base).toBe(t);
    expect(t.base).toBeNull();
  });
  test('detach shares storage and leaves the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(x.detach().data).toBe(x.data);
  });
});

describe('copies happen only when needed', () => {
  test('contiguous() of a contiguous tensor is the tensor; of a view, a row-major copy', () => {
    const t = grid();
    expect(t.contiguous()).toBe(t);
    const c = t.T.contiguous();
    expect(sharesStorage(c, t)).toBe(false);
    expect(c.isContiguous()).toBe(true);
    expect(c.strides).toEqual([3, 1]);
    expect(Array.from(c.data)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  });
  test('reshape of a non-contiguous view copies and keeps row-major order', () => {
    const t = grid();
    const r = t.T.reshape([12]);
    expect(sharesStorage(r, t)).toBe(false);
    expect(r.toArray()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(t.slice(1, 1, 3).reshape([6]).toArray()).toEqual([1, 2, 5, 6, 9, 10]);
  });
  test('clone never shares storage, and ops never write into their inputs', () => {
    const t = grid();
    const c = t.clone();
    expect(sharesStorage(c, t)).toBe(false);
    (c.data as Float32Array)[0] = 99;
    expect(at(t, 0)).toEqual([0, 1, 2, 3]);
    const base = zeros([3]);
    const r = F.scatterAdd(base, 0, tensor([0, 0, 2], { dtype: 'int32' }), tensor([1, 2, 3]));
    expect(r.toArray()).toEqual([3, 0, 3]);
    expect(base.toArray()).toEqual([0, 0, 0]);
    const b2 = zeros([3, 2]);
    expect(F.indexAdd(b2, 0, [1, 1], tensor([[1, 2], [3, 4]])).toArray()).toEqual([[0, 0], [4, 6], [0, 0]]);
    expect(b2.toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
  });
  test('dataSync copies; values of a view come out in row-major order', () => {
    const t = grid();
    const d = t.dataSync();
    d[0] = 42;
    expect(at(t, 0)).toEqual([0, 1, 2, 3]);
    expect(Array.from(t.slice(0, 2).dataSync())).toEqual([8, 9, 10, 11]);
  });
});

describe('broadcasting (NumPy rules)', () => {
  test('shapes align on the right; 1s stretch; missing dims are 1', () => {
    expect(broadcastShapes('op', [3, 1, 5], [4, 1])).toEqual([3, 4, 5]);
    expect(broadcastShapes('op', [], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes('op', [0, 1], [1, 3])).toEqual([0, 3]);
    expect(broadcastShapes('op', [2, 1], [1], [1, 1, 3])).toEqual([1, 2, 3]);
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow('add: shapes cannot broadcast: [2, 3] and [4]');
  });
  test('binary ops broadcast values', () => {
    const col = tensor([[10], [20]]);
    const row = tensor([1, 2, 3]);
    expect(col.add(row).toArray()).toEqual([[11, 12, 13], [21, 22, 23]]);
    expect(row.sub(col).toArray()).toEqual([[-9, -8, -7], [-19, -18, -17]]);
    expect(row.mul(2).toArray()).toEqual([2, 4, 6]);
    expect(F.sub(10, row).toArray()).toEqual([9, 8, 7]);
    expect(tensor(2).pow(row).toArray()).toEqual([2, 4, 8]);
    expect(F.where(tensor([[1], [0]]), row, col).toArray()).toEqual([[1, 2, 3], [20, 20, 20]]);
  });
  test('broadcasting works on views (transposed, sliced, expanded operands)', () => {
    const t = grid();
    expect(at(t.T.add(tensor([100, 200, 300])), 1)).toEqual([101, 205, 309]);
    expect(t.slice(1, 1, 4, 2).mul(t.slice(1, 0, 1)).toArray()).toEqual([[0, 0], [20, 28], [72, 88]]);
  });
});

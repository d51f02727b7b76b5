import { describe, expect, test } from 'vitest';
import { isGradEnabled, noGrad } from '../../src/autograd/engine.js';
import * as F from '../../src/autograd/functional.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { ones, tensor } from '../../src/tensor/create.js';
import { expectClose, rnd } from './helpers.js';

const f64 = (v: number[], requiresGrad = true) => tensor(v, { dtype: 'float64', requiresGrad });

describe('backward', () => {
  test('a scalar needs no gradient argument; leaves get .grad of their own shape', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(x).sum(); // d/dx Σx² = 2x
    y.backward();
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    expect(x.grad!.shape).toEqual([3]);
    expect(x.isLeaf).toBe(true);
  });
  test('a non-scalar takes the upstream gradient as argument', () => {
    const x = f64([1, 2, 3]);
    x.mul(3).backward(tensor([1, 0.5, -1], { dtype: 'float64' }));
    expect(x.grad!.toArray()).toEqual([3, 1.5, -3]);
    const m = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    m.T.backward(tensor([[1, 2], [3, 4]]));
    expect(m.grad!.toArray()).toEqual([[1, 3], [2, 4]]);
  });
  test('the gradient argument is converted to the output dtype', () => {
    const x = f64([1, 2]);
    x.mul(2).backward(ones([2]));
    expect(x.grad!.dtype).toBe('float64');
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });
  test('gradients accumulate over two backward calls until reset', () => {
    const x = f64([1, 2]);
    x.mul(3).sum().backward();
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7]); // 3 + 2x
    x.grad = null;
    x.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1]);
  });
  test('a tensor used several times sums its gradients (diamond graph)', () => {
    const x = f64([2]);
    const a = x.mul(3);
    const y = a.mul(a).add(a).add(x); // 9x² + 3x + x
    y.sum().backward();
    expect(x.grad!.item()).toBe(18 * 2 + 4);
  });
  test('each leaf owns its .grad: in-place updates of one never reach another', () => {
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    a.add(b).sum().backward(); // add hands the same upstream gradient to both
    expect(a.grad!.data).not.toBe(b.grad!.data);
    (a.grad!.data as Float64Array)[0] = 100;
    expect(b.grad!.toArray()).toEqual([1, 1]);
    const g = tensor([1, 1], { dtype: 'float64' });
    a.grad = null;
    a.backward(g);
    expect(a.grad!.data).not.toBe(g.data);
  });
  test('only leaves keep .grad unless retainGrad() is called', () => {
    const x = f64([1, 2]);
    const h = x.mul(2);
    const k = x.mul(3).retainGrad();
    expect(h.isLeaf).toBe(false);
    h.add(k).mul(h).sum().backward();
    expect(h.grad).toBeNull();
    expect(k.grad!.toArray()).toEqual([2, 4]); // ∂(h + k)h/∂k = h
  });
  test('inputs without requiresGrad get no gradient and build no graph', () => {
    const w = f64([1, 2]);
    const c = f64([5, 6], false);
    const y = w.mul(c).sum();
    y.backward();
    expect(c.grad).toBeNull();
    expect(c.mul(2).requiresGrad).toBe(false);
    expect(c.mul(2).node).toBeNull();
  });
  test('integer inputs (indices) get no gradient', () => {
    const x = f64([1, 2, 3]);
    const i = tensor([2, 2], { dtype: 'int32' });
    x.indexSelect(0, i).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 2]);
    expect(i.grad).toBeNull();
  });
  test('the graph is freed after backward', () => {
    const x = f64([1]);
    const y = x.exp().mul(2);
    y.backward();
    expect(y.node).toBeNull();
  });
});

describe('noGrad and detach', () => {
  test('noGrad records nothing, returns fn’s value and restores the mode (even on throw)', () => {
    const x = f64([1, 2]);
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => noGrad(() => isGradEnabled()))).toBe(false);
    expect(x.mul(2).requiresGrad).toBe(true);
  });
  test('detach cuts the graph: no gradient flows through it', () => {
    const x = f64([3]);
    const y = x.mul(x.detach()); // d/dx (x·c) = c
    y.sum().backward();
    expect(x.grad!.item()).toBe(3);
  });
  test('requiresGrad_ turns a computed tensor into a new leaf', () => {
    const x = noGrad(() => f64([1, 2]).mul(2)).requiresGrad_();
    x.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1]);
  });
});

describe('gradcheck utility', () => {
  test('passes for a correct rule and reports per-input gradients', () => {
    const r = gradcheck((a, b) => a.mul(b).sin(), [f64([0.5, 1.5], false), f64([2, -1], false)]);
    expect(r.ok).toBe(true);
    expect(r.analytic).toHaveLength(2);
    expect(r.worst).toBeLessThanOrEqual(0);
  });
  test('fails for a function whose backward is wrong (detach hides a dependency)', () => {
    const r = gradcheck((x) => x.mul(x.detach()), [f64([1.5, -2], false)]);
    expect(r.ok).toBe(false);
    expect(r.numeric[0]).toBeAllClose(r.analytic[0].map((a) => 2 * a), { rtol: 1e-6 }); // 2x vs x
  });
  test('leaves its inputs untouched', () => {
    const x = f64([1, 2], false);
    gradcheck((t) => t.exp(), [x]);
    expect(x.toArray()).toEqual([1, 2]);
    expect(x.grad).toBeNull();
  });
});

test('F.where, gather and friends are reachable as methods and functions alike', () => {
  const x = f64([1, -2, 3]);
  F.where(x.gt(0), x, x.neg()).sum().backward();
  expect(x.grad!.toArray()).toEqual([1, -1, 1]);
});

describe('a freed graph', () => {
  test('a second backward through the same graph is an error, not a silent no-op', () => {
    const x = f64([1, 2]);
    const loss = x.mul(x).sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(/^backward: this graph was already freed by an earlier backward\(\)/);
    expect(x.grad!.toArray()).toEqual([2, 4]); // unchanged by the failed call
  });
  test('reusing an intermediate of a freed graph is an error; detach() makes it a constant', () => {
    const x = f64([1, 2]);
    const h = x.mul(2);
    h.sum().backward();
    expect(() => h.mul(3).sum().backward()).toThrow(/already freed/);
    const x2 = f64([1, 2]);
    h.detach().mul(x2).sum().backward();
    expect(x2.grad!.toArray()).toEqual([2, 4]);
  });
});

test('gradients of pooled-size tensors through shared paths and views are exact', () => {
  // 130×131 = 17,030 elements: past the storage pool's threshold, so buffers of dead
  // intermediates are recycled during backward; none may be one still in use
  const shape = [130, 131];
  const [x, w1, w2] = [1, 2, 3].map((seed) => rnd(shape, { low: -1, high: 1, seed }));
  x.requiresGrad_();
  const a = x.mul(x);
  const b = x.T.mul(3).T;
  const c = a.add(b).add(a.slice(0, 0, 130)); // a reaches the sum twice
  const loss = c.mul(w1).sum().add(x.exp().mul(x).mul(w2).sum()).add(c.sum(1).mean());
  loss.backward();
  // d/dx = w1·(4x + 3) + w2·eˣ(x + 1) + (4x + 3)/130
  const dc = x.mul(4).add(3);
  const expected = w1.mul(dc).add(w2.mul(x.exp().mul(x.add(1)))).add(dc.div(130));
  expect(x.grad!.shape).toEqual(shape);
  expectClose(x.grad!, expected, { rtol: 1e-12, atol: 1e-12 });
});

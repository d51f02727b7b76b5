import { expect, test } from 'vitest';
import { manualSeed, randn, tensor } from '../../src/index.js';
import { Linear, Parameter, crossEntropy } from '../../src/nn/index.js';
import { Adam, SGD } from '../../src/optim/index.js';

// zeroGrad keeps the gradient buffers backward made and zeroes them in place; the next backward
// writes into them. Training must not depend on it: the same steps with setToNone give the same
// parameters, bit for bit.

function train(setToNone: boolean, makeOpt: (ps: Parameter[]) => SGD | Adam) {
  manualSeed(7);
  const layer = new Linear(300, 70); // 21,000 weights: above the pool threshold
  const x = randn([32, 300]);
  const y = tensor(Array.from({ length: 32 }, (_, i) => i % 70), { dtype: 'int32' });
  const opt = makeOpt(layer.parameters());
  const grads = new Set<unknown>();
  for (let step = 0; step < 4; step++) {
    opt.zeroGrad({ setToNone });
    crossEntropy(layer.forward(x), y).backward();
    grads.add(layer.weight.grad!.data);
    opt.step();
  }
  return { weight: layer.weight.dataSync(), bias: layer.bias!.dataSync(), buffers: grads.size };
}

test.each([
  ['SGD with momentum', (ps: Parameter[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
  ['Adam', (ps: Parameter[]) => new Adam(ps, { lr: 0.01 })],
])('%s: reused gradient buffers train exactly as fresh ones', (_, make) => {
  const reused = train(false, make);
  const fresh = train(true, make);
  expect(Array.from(reused.weight)).toEqual(Array.from(fresh.weight));
  expect(Array.from(reused.bias)).toEqual(Array.from(fresh.bias));
  expect(reused.buffers).toBeLessThanOrEqual(2); // the first step's, then one reused buffer
  expect(fresh.buffers).toBe(4);
});

test('zeroGrad zeroes gradients in place; setToNone and hand-set gradients give null', () => {
  const p = new Parameter(randn([3]));
  const q = new Parameter(randn([2]));
  const opt = new SGD([p, q], { lr: 0.1 });
  p.mul(p).sum().backward();
  q.grad = tensor([1, 2]);
  const g = p.grad!;
  opt.zeroGrad();
  expect(p.grad!.toArray()).toEqual([0, 0, 0]);
  expect(q.grad).toBeNull();
  p.mul(2).sum().backward();
  expect(p.grad!.toArray()).toEqual([2, 2, 2]);
  expect(p.grad === g || (g.toArray() as number[]).every((v) => v === 0)).toBe(true);
  p.mul(1).sum().backward(); // no zeroGrad between: gradients accumulate
  expect(p.grad!.toArray()).toEqual([3, 3, 3]);
  opt.zeroGrad({ setToNone: true });
  expect(p.grad).toBeNull();
});

test("a zeroed buffer offered to a backward rule never leaks the rule's scratch or another input's gradient", () => {
  manualSeed(3);
  const shape = [150, 130]; // above the pool threshold, so the buffers are offered
  const [w, v, u] = [0, 1, 2].map(() => new Parameter(randn(shape)));
  const k = randn(shape);
  const opt = new SGD([w, v, u], { lr: 0 });
  for (let step = 0; step < 3; step++) {
    opt.zeroGrad();
    // sub's rule computes the subtrahend's gradient (−g, for v's branch) in the buffer offered
    // for w, and backward reaches w before that branch; sigmoid's rule allocates scratch of u's
    // size before its result
    w.sub(v.mul(2)).mul(k).sum().add(u.sigmoid().sum()).backward();
    const s = u.sigmoid().dataSync();
    const kv = k.dataSync();
    expect(w.grad!).toBeAllClose(kv, { rtol: 1e-6 });
    expect(v.grad!).toBeAllClose(Array.from(kv, (x) => -2 * x), { rtol: 1e-6 });
    expect(u.grad!).toBeAllClose(Array.from(s, (x) => x * (1 - x)), { rtol: 1e-5, atol: 1e-7 });
  }
});

// Intermediate outputs that only passed between two pure built-in layers are handed back to the
// storage pool by backward (nn/module.ts chain, autograd/engine.ts). Anything a user can still
// reach (hooked or patched layers, custom layers, views, the model's output) must never be.
import { describe, expect, test } from 'vitest';
import { isTransient, markTransient } from '../../src/autograd/engine.js';
import { manualSeed, randn, tensor } from '../../src/index.js';
import { crossEntropy, Flatten, Linear, Module, ReLU, Sequential } from '../../src/nn/index.js';
import { LeNet } from '../../src/models/index.js';
import { alloc } from '../../src/tensor/storage.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Takes `k` arrays of t's size from the pool and scribbles on them: a reused storage shows it. */
function scribble(t: Tensor, k = 4): Float32Array[] {
  const got = Array.from({ length: k }, () => alloc('float32', t.size, false) as Float32Array);
  for (const a of got) a.fill(7);
  return got;
}

const labels = tensor([1, 0, 3, 2, 1, 0, 3, 2], { dtype: 'int32' });

describe('transient intermediates', () => {
  test('backward returns a marked intermediate to the pool after the rules reading it ran', () => {
    const x = randn([8, 40]);
    x.requiresGrad = true;
    const h = x.mul(2);
    markTransient(h);
    expect(isTransient(h)).toBe(true);
    const kept = Array.from(h.data);
    h.relu().sum().backward();
    // the gradient is still right: relu's backward read h before it was handed back
    expect(Array.from(x.grad!.data)).toEqual(kept.map((v) => (v > 0 ? 2 : 0)));
    expect(scribble(h)).toContain(h.data);
  });

  test('an unmarked intermediate, or one with a view, keeps its values', () => {
    const x = randn([8, 40]);
    x.requiresGrad = true;
    const plain = x.mul(2);
    const viewed = x.mul(3);
    const v = viewed.reshape([320]);
    markTransient(viewed); // refused: the view may outlive the graph
    expect(isTransient(viewed)).toBe(false);
    const before = [Array.from(plain.data), Array.from(v.data)];
    plain.add(v.reshape([8, 40])).sum().backward();
    scribble(plain);
    expect([Array.from(plain.data), Array.from(v.data)]).toEqual(before);
  });

  test('Sequential marks what only passed between pure layers, never its output', () => {
    manualSeed(0);
    const net = new Sequential(new Linear(40, 30), new ReLU(), new Linear(30, 4));
    const out = net.forward(randn([8, 40]));
    const relu = out.node!.inputs[0];
    const first = relu.node!.inputs[0];
    expect([isTransient(first), isTransient(relu), isTransient(out)]).toEqual([true, true, false]);
  });

  test("a pure layer's view (Flatten) carries its input on: marked once a pure layer consumes the view, not when it is the output", () => {
    manualSeed(0);
    const out = new LeNet().forward(randn([2, 1, 28, 28]));
    let t = out;
    while (t.base === null) t = t.node!.inputs[0]; // fc3 ← act4 ← fc2 ← act3 ← fc1 ← the flattened view
    expect(isTransient(t.base)).toBe(true);
    expect(isTransient(t)).toBe(false);
    const last = new Sequential(new Linear(40, 30), new ReLU(), new Flatten(0)).forward(randn([8, 40]));
    expect(isTransient(last.base!)).toBe(false);
  });

  test('a hooked, patched or custom layer keeps its tensors reachable', () => {
    class Keep extends Module {
      last: Tensor | null = null;
      forward(x: Tensor): Tensor {
        this.last = x;
        return x.mul(1);
      }
    }
    class MyReLU extends ReLU {} // a subclass may store tensors: not pure
    const hooked = new Linear(40, 30);
    const seen: Tensor[] = [];
    hooked.registerForwardHook((_m, _args, o) => void seen.push(o as Tensor));
    const patched = new Linear(40, 30);
    const inner = patched.forward.bind(patched);
    patched.forward = (x: Tensor) => {
      const y = inner(x);
      seen.push(y);
      return y;
    };
    const keep = new Keep();
    for (const [a, b] of [[hooked, new ReLU()], [patched, new ReLU()], [new Linear(40, 30), keep], [new Linear(40, 30), new MyReLU()]] as const) {
      const net = new Sequential(a, b, new Linear(30, 4));
      const out = net.forward(randn([8, 40]));
      const first = out.node!.inputs[0].node!.inputs[0];
      expect(isTransient(first)).toBe(false);
      const before = Array.from(first.data);
      crossEntropy(out, labels).backward();
      scribble(first);
      expect(Array.from(first.data)).toEqual(before);
    }
    expect(seen).toHaveLength(2);
    expect(keep.last).not.toBeNull();
  });

  test('LeNet trains to the same weights as with every intermediate kept', () => {
    const train = (keep: boolean) => {
      manualSeed(1);
      const net = new LeNet();
      const x = randn([8, 1, 28, 28]);
      // a hook on every layer makes none of them pure, so nothing is handed back
      if (keep) for (const m of net.modules()) m.registerForwardHook(() => undefined);
      for (let step = 0; step < 3; step++) {
        for (const p of net.parameters()) p.grad = null;
        crossEntropy(net.forward(x), labels).backward();
        for (const p of net.parameters()) p.data.set(p.sub(p.grad!.mul(0.1)).data);
      }
      return net.parameters().map((p) => Array.from(p.data));
    };
    expect(train(false)).toEqual(train(true));
  });
});

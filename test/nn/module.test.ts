import { describe, expect, test } from 'vitest';
import { manualSeed, randn, tensor, zeros } from '../../src/index.js';
import { Linear, Module, Parameter, ReLU, Sequential } from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

class Block extends Module {
  readonly fc = new Linear(3, 4);
  readonly act = new ReLU();
  readonly heads = [new Linear(4, 2), new Linear(4, 1, { bias: false })];
  readonly runningMean = zeros([4]); // a buffer: saved, not trained
  forward(x: Tensor): Tensor {
    return this.heads[0].forward(this.act.forward(this.fc.forward(x)));
  }
}

describe('Module', () => {
  test('finds parameters, buffers and submodules in declaration order, arrays included', () => {
    const m = new Block();
    expect(m.namedParameters().map(([k]) => k)).toEqual(['fc.weight', 'fc.bias', 'heads.0.weight', 'heads.0.bias', 'heads.1.weight']);
    expect(m.namedBuffers().map(([k]) => k)).toEqual(['runningMean']);
    expect(m.namedModules().map(([k]) => k)).toEqual(['', 'fc', 'act', 'heads.0', 'heads.1']);
    expect(m.numParameters()).toBe(12 + 4 + 8 + 2 + 4);
    expect(Object.keys(m.stateDict())).toEqual(['runningMean', 'fc.weight', 'fc.bias', 'heads.0.weight', 'heads.0.bias', 'heads.1.weight']);
  });

  test('Sequential names its layers by position, as PyTorch', () => {
    const s = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    expect(s.namedParameters().map(([k]) => k)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(s.forward(randn([5, 2])).shape).toEqual([5, 1]);
    expect(s.length).toBe(3);
  });

  test('a parameter shared by two layers is listed once', () => {
    class Tied extends Module {
      a = new Linear(2, 2);
      b = new Linear(2, 2);
      constructor() {
        super();
        (this.b as { weight: Parameter }).weight = this.a.weight;
      }
      forward(x: Tensor) { return this.b.forward(this.a.forward(x)); }
    }
    expect(new Tied().parameters()).toHaveLength(3);
  });

  test('train() and eval() set the mode everywhere', () => {
    const m = new Block();
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.heads[1].training).toBe(true);
  });

  test('stateDict round trip restores values in place', () => {
    manualSeed(1);
    const a = new Block();
    const b = new Block();
    const w = b.fc.weight;
    b.loadStateDict(a.stateDict());
    expect(b.fc.weight).toBe(w); // same Parameter: optimizers holding it keep working
    for (const [k, t] of Object.entries(a.stateDict())) expect(b.stateDict()[k]).toBeAllClose(t, { rtol: 0, atol: 0 });
  });

  test('loadStateDict names missing and unexpected keys and both shapes of a mismatch', () => {
    const m = new Block();
    const sd = m.stateDict();
    delete sd['fc.bias'];
    sd['extra.weight'] = zeros([1]);
    expect(() => m.loadStateDict(sd)).toThrow(/missing keys: fc\.bias.*unexpected keys: extra\.weight/);
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['fc.bias'], unexpectedKeys: ['extra.weight'] });
    const bad = { ...m.stateDict(), 'fc.weight': zeros([3, 4]) };
    expect(() => m.loadStateDict(bad)).toThrow('loadStateDict: shape mismatch for fc.weight: checkpoint [3, 4], model [4, 3]');
    expect(() => m.loadStateDict(bad, { strict: false })).toThrow(/shape mismatch/);
  });

  test('zeroGrad clears gradients', () => {
    const m = new Linear(2, 1);
    m.forward(tensor([[1, 2]])).sum().backward();
    expect(m.weight.grad).not.toBeNull();
    m.zeroGrad();
    expect(m.weight.grad).toBeNull();
  });

  test('to(float64) converts parameters and buffers', () => {
    const m = new Block().double();
    expect(m.parameters().every((p) => p.dtype === 'float64' && p instanceof Parameter)).toBe(true);
    expect(m.runningMean.dtype).toBe('float64');
    expect(m.heads[0].weight.dtype).toBe('float64');
  });

  test('toString prints the tree with parameter counts', () => {
    const s = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10)).toString();
    expect(s).toContain('(0): Linear(inFeatures=784, outFeatures=256, bias=true)  200,960 params');
    expect(s).toContain('(1): ReLU()');
    expect(s).toContain('Total: 203,530 parameters (203,530 trainable)');
  });

  test('Parameter copies its source, so it owns contiguous storage at offset 0', () => {
    const src = randn([4, 3]);
    const p = new Parameter(src.T);
    expect(p.shape).toEqual([3, 4]);
    expect(p.offset).toBe(0);
    expect(p.isContiguous()).toBe(true);
    expect(p.requiresGrad).toBe(true);
    expect(p.toArray()).toEqual(src.T.toArray());
  });
});

test('to() keeps a shared parameter shared', () => {
  class Tied extends Module {
    a = new Linear(2, 2);
    b = new Linear(2, 2);
    constructor() {
      super();
      (this.b as { weight: Parameter }).weight = this.a.weight;
    }
    forward(x: Tensor) { return this.b.forward(this.a.forward(x)); }
  }
  const m = new Tied().double();
  expect(m.b.weight).toBe(m.a.weight);
  expect(m.a.weight.dtype).toBe('float64');
});

test('requiresGrad_(false) freezes a submodule: it gets no gradient and counts as not trainable', () => {
  const m = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
  m.at(0)!.requiresGrad_(false);
  expect(m.numParameters({ trainableOnly: true })).toBe(4);
  m.forward(randn([4, 2])).sum().backward();
  expect((m.at(0) as Linear).weight.grad).toBeNull();
  expect((m.at(2) as Linear).weight.grad).not.toBeNull();
});

import { expect, test } from 'vitest';
import { randn } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';

// Backward returns its large intermediate gradients to the pool as soon as they are dead. These
// cases use tensors above the pool threshold (16,384 elements), where gradchecks never reach, and
// repeat so reused arrays would show any aliasing.
const g = () => new Generator(3);

test('large gradients stay correct when backward recycles its intermediates', () => {
  for (let round = 0; round < 3; round++) {
    const a = randn([130, 131], { generator: g() }).requiresGrad_();
    const b = randn([130, 131], { generator: new Generator(4) }).requiresGrad_();
    // add hands one gradient to both inputs; reshape and expand make views of gradients
    const y = a.mul(b).relu().add(a).reshape([131, 130]).mul(2).sum();
    y.backward();
    const av = a.dataSync();
    const bv = b.dataSync();
    const ea = Array.from(av, (x, i) => 2 * ((x * bv[i] > 0 ? bv[i] : 0) + 1));
    const eb = Array.from(av, (x, i) => 2 * (x * bv[i] > 0 ? x : 0));
    expect(a.grad!).toBeAllClose(ea, { rtol: 1e-6 });
    expect(b.grad!).toBeAllClose(eb, { rtol: 1e-6 });
  }
});

test('a leaf gradient is never recycled under the user', () => {
  const w = randn([200, 100], { generator: g() }).requiresGrad_();
  w.exp().sum().backward();
  const kept = w.grad!;
  const expected = kept.dataSync();
  for (let i = 0; i < 5; i++) {
    const v = randn([200, 100], { generator: new Generator(i) }).requiresGrad_();
    v.mul(3).tanh().sum().backward();
  }
  expect(kept).toBeAllClose(expected, { rtol: 0, atol: 0 });
});

import { expect, test } from 'vitest';
import { randn } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import { alloc, isPersistent, trackAllocations } from '../../src/tensor/storage.js';

// Backward returns its intermediate gradients to the pool as soon as they are dead. These cases
// use large tensors (the pool takes arrays above 256 elements), beyond where gradchecks reach, and
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

test("a backward rule's scratch (relu's mask) and consumed gradients return to the pool", () => {
  const x = randn([150, 130], { generator: g() }).requiresGrad_();
  const y = x.mul(2).relu().sum();
  const [, allocated] = trackAllocations(() => y.backward());
  // the mask, the masked gradient and mul's gradient: all dead but x.grad
  expect(allocated.length).toBeGreaterThanOrEqual(2);
  const reused = [alloc('float32', 150 * 130), alloc('float32', 150 * 130)];
  // the wasm backend's pool keeps a stand-in in its own memory for each array it takes back
  expect(reused.every((a) => (allocated.includes(a) || isPersistent(a)) && a !== x.grad!.data)).toBe(true);
  expect(reused[0]).not.toBe(reused[1]);
  expect(x.grad!).toBeAllClose(Array.from(x.dataSync(), (v) => (v > 0 ? 2 : 0)));
});

test("the caller's gradient, and the tensor it is a view of, are never recycled", () => {
  const x = randn([140, 120], { generator: g() }).requiresGrad_();
  const seed = randn([120, 140], { generator: new Generator(5) });
  const before = seed.dataSync();
  x.mul(3).backward(seed.transpose(0, 1).contiguous().transpose(0, 1).transpose(0, 1));
  x.mul(3).backward(seed.reshape([140, 120]));
  for (let i = 0; i < 4; i++) alloc('float32', 140 * 120, false).fill(-1);
  expect(seed).toBeAllClose(before, { rtol: 0, atol: 0 });
});

import { describe, expect, test } from 'vitest';
import {
  arange, eye, full, linspace, normal, ones, rand, randint, randn, randperm, scalar, shuffle, tensor, uniform, zeros,
  zerosLike,
} from '../../src/tensor/create.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';

describe('tensor()', () => {
  test('nested arrays give the shape; float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    expect(tensor([true, false]).toArray()).toEqual([1, 0]);
  });
  test('a number is a 0-d tensor; empty arrays are empty tensors', () => {
    const s = tensor(2.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(2.5);
    expect(scalar(3, { dtype: 'int32' }).item()).toBe(3);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });
  test('dtype option converts; int32 truncates toward zero', () => {
    expect(tensor([1.7, -1.7], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
    const d = tensor([0.1], { dtype: 'float64' });
    expect(d.dtype).toBe('float64');
    expect(d.item()).toBe(0.1); // exact: no float32 rounding on the way
  });
  test('typed arrays are wrapped without a copy, and their type sets the dtype', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(data, { shape: [2, 3] });
    expect(t.dtype).toBe('float64');
    expect(t.data).toBe(data);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    const f = tensor(new Int32Array([1, 2]), { dtype: 'float32' });
    expect(f.dtype).toBe('float32');
    expect(f.toArray()).toEqual([1, 2]);
  });
  test('ragged arrays and shapes that do not fit are errors', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array: expected length 2 at depth 1, got 1');
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/ragged nested array: expected length 2 at depth 1, got a number/);
    expect(() => tensor([1, [2]] as never)).toThrow(/ragged nested array: expected a number at depth 1/);
    expect(() => tensor(new Float32Array(4), { shape: [3] })).toThrow('tensor: 4 values do not fill shape [3]');
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow('tensor: 3 values do not fill shape [2, 2]');
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]]);
  });
  test('requiresGrad option', () => {
    expect(tensor([1], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => tensor([1], { dtype: 'int32', requiresGrad: true })).toThrow(/only floating tensors can require gradients, got int32/);
  });
});

describe('filled tensors and ranges', () => {
  test('zeros, ones, full, zerosLike', () => {
    expect(zeros([2, 3]).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ones([3], { dtype: 'float64' }).dtype).toBe('float64');
    expect(full([2], 3.5).toArray()).toEqual([3.5, 3.5]);
    expect(full([2], 3, { dtype: 'int32' }).toArray()).toEqual([3, 3]);
    const z = zerosLike(tensor([1, 2], { dtype: 'int32' }));
    expect([z.dtype, z.toArray()]).toEqual(['int32', [0, 0]]);
    expect(zeros([2, 0]).size).toBe(0);
  });
  test('arange is int32 for integer arguments, float32 otherwise; step may be negative', () => {
    const a = arange(5);
    expect([a.dtype, a.toArray()]).toEqual(['int32', [0, 1, 2, 3, 4]]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    const f = arange(0, 1, 0.25);
    expect([f.dtype, f.toArray()]).toEqual(['float32', [0, 0.25, 0.5, 0.75]]);
    expect(arange(3, undefined, 1, { dtype: 'float64' }).dtype).toBe('float64');
    expect(arange(3, 1).size).toBe(0);
    expect(() => arange(0, 5, 0)).toThrow('arange: step must not be 0');
  });
  test('linspace includes both ends', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 2, 1).toArray()).toEqual([2]);
    expect(linspace(-1, 1, 3, { dtype: 'float64' }).toArray()).toEqual([-1, 0, 1]);
  });
  test('eye, square and rectangular', () => {
    expect(eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });
});

describe('seeded random numbers', () => {
  // mulberry32 and Box–Muller in integer and IEEE double arithmetic: the same in every engine, so
  // these exact values hold in Node and in browsers
  const g = () => new Generator(42);
  const f64 = { dtype: 'float64' as const };
  test('rand, randn, uniform, normal, randint give fixed values for a seed', () => {
    expect(Array.from(rand([4], { ...f64, generator: g() }).dataSync())).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693,
    ]);
    expect(Array.from(randn([4], { ...f64, generator: g() }).dataSync())).toEqual([
      -1.2848381576290195, 0.43278026787558976, -0.9453528099747296, -1.7128042818055647,
    ]);
    expect(Array.from(uniform([3], -1, 1, { ...f64, generator: g() }).dataSync())).toEqual([
      0.20220750384032726, -0.10341888200491667, 0.7049315869808197,
    ]);
    expect(Array.from(normal([3], 10, 2, { ...f64, generator: g() }).dataSync())).toEqual([
      7.4303236847419605, 10.865560535751179, 8.10929438005054,
    ]);
    const r = randint(-5, 5, [6], { generator: g() });
    expect([r.dtype, Array.from(r.dataSync())]).toEqual(['int32', [1, -1, 3, 1, -4, 0]]);
  });
  test('float32 draws are the float64 draws rounded', () => {
    expect(rand([4], { generator: g() }).toArray()).toEqual(Array.from(new Float32Array(rand([4], { ...f64, generator: g() }).dataSync())));
  });
  test('randperm and shuffle are permutations fixed by the seed', () => {
    expect(Array.from(randperm(6, { generator: g() }).dataSync())).toEqual([1, 0, 4, 5, 2, 3]);
    const x = tensor([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    expect(shuffle(x, { generator: g() }).toArray()).toEqual([[1, 1], [0, 0], [4, 4], [5, 5], [2, 2], [3, 3]]);
    const p = Array.from(randperm(101, { generator: new Generator(3) }).dataSync()).sort((a, b) => a - b);
    expect(p).toEqual([...Array(101).keys()]);
  });
  test('manualSeed makes the default generator reproducible', () => {
    manualSeed(7);
    const a = rand([5]).toArray();
    const b = randn([3]).toArray();
    manualSeed(7);
    expect(rand([5]).toArray()).toEqual(a);
    expect(randn([3]).toArray()).toEqual(b);
    manualSeed(8);
    expect(rand([5]).toArray()).not.toEqual(a);
  });
  test('distributions have the right moments', () => {
    const u = uniform([20001], 2, 4, { generator: new Generator(1) });
    expect(u.min().item()).toBeGreaterThanOrEqual(2);
    expect(u.max().item()).toBeLessThan(4);
    expect(u.mean().item()).toBeCloseTo(3, 1);
    const n = normal([20001], -1, 3, { dtype: 'float64', generator: new Generator(1) });
    expect(n.mean().item()).toBeCloseTo(-1, 1);
    expect(n.std().item()).toBeCloseTo(3, 1);
    const r = randint(0, 3, [3001], { generator: new Generator(1) });
    expect([r.min().item(), r.max().item()]).toEqual([0, 2]);
  });
});

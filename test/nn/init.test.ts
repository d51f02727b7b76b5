import { describe, expect, test } from 'vitest';
import { Generator, manualSeed, zeros } from '../../src/index.js';
import { init } from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const stats = (t: Tensor) => {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, max: Math.max(...v.map(Math.abs)) };
};

describe('init', () => {
  test('fans of a linear and a conv weight', () => {
    expect(init.fans([30, 20])).toEqual([20, 30]);
    expect(init.fans([8, 4, 3, 3])).toEqual([36, 72]);
    expect(() => init.fans([5])).toThrow('init: fan in and fan out need at least 2 dimensions, got [5]');
  });

  test('gains follow torch.nn.init.calculate_gain', () => {
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain('leakyRelu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 12);
    expect(init.calculateGain('linear')).toBe(1);
  });

  // bounds and standard deviations: U(−a, a) has std a/√3
  const shape = [400, 300];
  test.each([
    ['xavierUniform', () => init.xavierUniform(shape), Math.sqrt(6 / 700) / Math.sqrt(3), Math.sqrt(6 / 700)],
    ['xavierNormal', () => init.xavierNormal(shape, { gain: 2 }), 2 * Math.sqrt(2 / 700), Infinity],
    ['kaimingUniform (relu)', () => init.kaimingUniform(shape, { nonlinearity: 'relu' }), Math.sqrt(2 / 300), Math.sqrt(6 / 300)],
    ['kaimingNormal fanOut', () => init.kaimingNormal(shape, { mode: 'fanOut', nonlinearity: 'relu' }), Math.sqrt(2 / 400), Infinity],
    ['pytorchDefault', () => init.pytorchDefault(shape), 1 / Math.sqrt(300) / Math.sqrt(3), 1 / Math.sqrt(300)],
  ] as const)('%s has the stated spread', (_, make, std, bound) => {
    const s = stats(make());
    expect(Math.abs(s.mean)).toBeLessThan(std * 0.02);
    expect(s.std / std).toBeGreaterThan(0.98);
    expect(s.std / std).toBeLessThan(1.02);
    expect(s.max).toBeLessThanOrEqual(bound);
  });

  test('seeded through the default generator, or an explicit one', () => {
    manualSeed(9);
    const a = init.xavierUniform([3, 4]).toArray();
    manualSeed(9);
    expect(init.xavierUniform([3, 4]).toArray()).toEqual(a);
    expect(init.normal([5], 0, 1, { generator: new Generator(1) }).toArray()).toEqual(
      init.normal([5], 0, 1, { generator: new Generator(1) }).toArray(),
    );
  });

  test('a tensor argument is filled in place', () => {
    const t = zeros([2, 3], { dtype: 'float64' });
    expect(init.constant(t, 0.5)).toBe(t);
    expect(t.toArray()).toEqual([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
    init.ones(t);
    expect(t.toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(init.zeros([2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(init.uniform(t, 2, 3)).toBe(t);
    expect(stats(t).max).toBeLessThan(3);
  });
});

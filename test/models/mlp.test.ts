import { describe, expect, test } from 'vitest';
import { manualSeed, randn, tensor } from '../../src/index.js';
import { BatchNorm1d, crossEntropy, Dropout, Linear, ReLU, Tanh } from '../../src/nn/index.js';
import { buildModel, mlp, MLP, models } from '../../src/models/index.js';
import { SGD } from '../../src/optim/index.js';

describe('MLP', () => {
  test('784-256-10 with ReLU: layers, names and parameter count', () => {
    const m = mlp({ sizes: [784, 256, 10] });
    expect(m.layers.map((l) => l.constructor)).toEqual([Linear, ReLU, Linear]);
    expect(m.namedParameters().map(([k]) => k)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
    expect(m.numParameters()).toBe(784 * 256 + 256 + 256 * 10 + 10);
    expect(m.forward(randn([5, 1, 28, 28])).shape).toEqual([5, 10]); // images are flattened
    expect(m.config).toEqual({ type: 'mlp', sizes: [784, 256, 10], activation: 'relu', dropout: 0, batchNorm: false, bias: true });
  });

  test('batch norm, dropout and another activation per hidden layer', () => {
    const m = new MLP({ sizes: [4, 8, 8, 2], activation: 'tanh', dropout: 0.2, batchNorm: true });
    expect(m.layers.map((l) => l.constructor)).toEqual([Linear, BatchNorm1d, Tanh, Dropout, Linear, BatchNorm1d, Tanh, Dropout, Linear]);
    expect(m.namedBuffers().map(([k]) => k)).toContain('layers.1.runningMean');
  });

  test('buildModel rebuilds the same architecture from the JSON config, and the weights load', () => {
    const a = mlp({ sizes: [3, 5, 2], batchNorm: true });
    const b = buildModel(JSON.parse(JSON.stringify(a.config)));
    expect(b).toBeInstanceOf(MLP);
    expect(b.config).toEqual(a.config);
    b.loadStateDict(a.stateDict());
    const x = randn([4, 3]);
    a.eval();
    b.eval();
    expect(b.forward(x)).toBeAllClose(a.forward(x), { rtol: 0, atol: 0 });
    expect(Object.keys(models)).toEqual(['mlp', 'lenet', 'small-cnn']);
  });

  test('bad configs give clear errors', () => {
    expect(() => buildModel({ type: 'resnet' })).toThrow("buildModel: unknown model type 'resnet'; known types: mlp, lenet, small-cnn");
    expect(() => mlp({ sizes: [784] })).toThrow(/at least two positive integers/);
    expect(() => mlp({ sizes: [4, 2], activation: 'swish' as never })).toThrow("MLP: unknown activation 'swish'");
  });

  test('a seeded MLP learns two interleaved spirals (≥ 95% training accuracy)', () => {
    manualSeed(1);
    const n = 200;
    const pts: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 2;
      const r = (i / n) * 3 + 0.3;
      const t = r * 2.2 + c * Math.PI;
      pts.push([r * Math.cos(t), r * Math.sin(t)]);
      ys.push(c);
    }
    const x = tensor(pts);
    const y = tensor(ys, { dtype: 'int32' });
    const model = mlp({ sizes: [2, 32, 32, 2], activation: 'tanh' });
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    for (let epoch = 0; epoch < 400; epoch++) {
      opt.zeroGrad();
      crossEntropy(model.forward(x), y).backward();
      opt.step();
    }
    const pred = model.forward(x).argmax(1).toArray() as number[];
    const acc = pred.filter((p, i) => p === ys[i]).length / n;
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });
});

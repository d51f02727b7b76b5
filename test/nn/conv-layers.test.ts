import { describe, expect, test } from 'vitest';
import { Generator, gradcheck, manualSeed, randn, tensor } from '../../src/index.js';
import {
  AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose2d, Dropout2d, GlobalAvgPool2d, MaxPool2d,
  type Module, ReLU, Sequential, Upsample, recordActivations,
} from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = { dtype: 'float64' } as const;
/** gradcheck of a module's forward with respect to its input and the named parameters */
function checkModule(m: Module, x: Tensor, names: string[] = []): number {
  const params = names.map((n) => (m as unknown as Record<string, Tensor>)[n]);
  const fn = (input: Tensor, ...ps: Tensor[]) => {
    names.forEach((n, i) => Object.assign(m, { [n]: ps[i] })); // forward reads the perturbed copies
    return m.forward(input) as Tensor;
  };
  return gradcheck(fn, [x, ...params]).worst;
}
const wb = ['weight', 'bias'];

describe('gradients match finite differences (float64) for every layer and option', () => {
  const img = (c = 2, h = 6, w = 5) => () => randn([2, c, h, w], f64);
  const cases: [string, () => Module, () => Tensor, string[]][] = [
    ['Conv2d 3×3', () => new Conv2d(2, 3, 3, f64), img(), wb],
    ['Conv2d stride 2, padding 1', () => new Conv2d(2, 3, 3, { stride: 2, padding: 1, ...f64 }), img(), wb],
    ['Conv2d [h, w] kernel, stride and padding', () => new Conv2d(2, 2, [3, 2], { stride: [2, 1], padding: [1, 0], ...f64 }), img(), wb],
    ['Conv2d dilation 2', () => new Conv2d(2, 3, 3, { dilation: 2, padding: 2, ...f64 }), img(), wb],
    ['Conv2d groups 2', () => new Conv2d(4, 6, 3, { groups: 2, ...f64 }), img(4), wb],
    ['Conv2d depthwise', () => new Conv2d(3, 3, 3, { groups: 3, padding: 1, ...f64 }), img(3), wb],
    ['Conv2d 1×1, no bias', () => new Conv2d(3, 4, 1, { bias: false, ...f64 }), img(3), ['weight']],
    ["Conv2d 'same'", () => new Conv2d(2, 3, 3, { padding: 'same', ...f64 }), img(), wb],
    ["Conv2d 'valid'", () => new Conv2d(2, 3, 3, { padding: 'valid', ...f64 }), img(), wb],
    ['Conv2d reflect', () => new Conv2d(2, 3, 3, { padding: 1, paddingMode: 'reflect', ...f64 }), img(), wb],
    ['Conv2d replicate', () => new Conv2d(2, 3, 3, { padding: 2, paddingMode: 'replicate', ...f64 }), img(), wb],
    ['Conv2d circular, stride 2', () => new Conv2d(2, 3, 3, { padding: 1, stride: 2, paddingMode: 'circular', ...f64 }), img(), wb],
    ["Conv2d 'same' reflect, even kernel", () => new Conv2d(2, 2, 2, { padding: 'same', paddingMode: 'reflect', ...f64 }), img(), wb],
    ['Conv1d', () => new Conv1d(2, 3, 3, { stride: 2, padding: 1, ...f64 }), () => randn([2, 2, 9], f64), wb],
    ['Conv1d dilation, groups', () => new Conv1d(4, 2, 3, { dilation: 2, groups: 2, ...f64 }), () => randn([2, 4, 9], f64), wb],
    ["Conv1d 'same' circular", () => new Conv1d(2, 3, 4, { padding: 'same', paddingMode: 'circular', ...f64 }), () => randn([2, 2, 7], f64), wb],
    ['ConvTranspose2d', () => new ConvTranspose2d(2, 3, 3, f64), img(2, 4, 3), wb],
    ['ConvTranspose2d stride 2, padding 1, outputPadding 1', () => new ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1, outputPadding: 1, ...f64 }), img(2, 4, 3), wb],
    ['ConvTranspose2d dilation 2, groups 2', () => new ConvTranspose2d(4, 2, 2, { dilation: 2, groups: 2, ...f64 }), img(4, 3, 3), wb],
    ['MaxPool2d 2', () => new MaxPool2d(2), img(), []],
    ['MaxPool2d 3, stride 2, padding 1, ceil mode', () => new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), img(), []],
    ['MaxPool2d dilation 2', () => new MaxPool2d(2, { stride: 1, dilation: 2 }), img(), []],
    ['AvgPool2d 2', () => new AvgPool2d(2), img(), []],
    ['AvgPool2d 3, stride 2, padding 1, without padding in the count', () => new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), img(), []],
    ['AvgPool2d ceil mode', () => new AvgPool2d(2, { ceilMode: true }), img(), []],
    ['AdaptiveAvgPool2d 4×3 (uneven cells)', () => new AdaptiveAvgPool2d([4, 3]), img(), []],
    ['GlobalAvgPool2d', () => new GlobalAvgPool2d(), img(), []],
    ['BatchNorm2d training', () => new BatchNorm2d(2, f64), img(), wb],
    ['Upsample nearest ×2', () => new Upsample({ scaleFactor: 2 }), img(2, 3, 3), []],
    ['Upsample bilinear to 5×7', () => new Upsample({ size: [5, 7], mode: 'bilinear' }), img(2, 3, 4), []],
    ['Upsample bilinear, align corners', () => new Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: true }), img(2, 3, 3), []],
  ];
  test.each(cases)('%s', (_, make, input, names) => {
    manualSeed(5);
    expect(checkModule(make(), input(), names)).toBeLessThanOrEqual(0);
  });
  test('BatchNorm2d in eval mode (running statistics) and Dropout2d with a fixed mask', () => {
    manualSeed(6);
    const bn = new BatchNorm2d(2, f64);
    bn.forward(randn([4, 2, 3, 3], f64).mul(2).add(1));
    bn.eval();
    expect(checkModule(bn, randn([2, 2, 3, 3], f64), wb)).toBeLessThanOrEqual(0);
    const drop = new Dropout2d(0.5, { generator: new Generator(3) });
    const fixed = (x: Tensor) => {
      (drop as unknown as { opts: { generator: Generator } }).opts.generator = new Generator(3); // the same mask each call
      return drop.forward(x);
    };
    expect(gradcheck(fixed, [randn([2, 3, 2, 2], f64)]).ok).toBe(true);
  });
});

describe('Conv2d and friends', () => {
  test('PyTorch weight shapes, names, default init bounds and output sizes', () => {
    manualSeed(0);
    const conv = new Conv2d(4, 8, [3, 5], { groups: 2 });
    expect(conv.namedParameters().map(([k, p]) => [k, p.shape])).toEqual([['weight', [8, 2, 3, 5]], ['bias', [8]]]);
    const bound = 1 / Math.sqrt(2 * 3 * 5); // U(−1/√fanIn, 1/√fanIn), fanIn = C/groups·kh·kw
    const w = Array.from(conv.weight.dataSync());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(conv.forward(randn([1, 4, 10, 10])).shape).toEqual([1, 8, 8, 6]);
    expect(new Conv2d(1, 6, 5, { padding: 2 }).forward(randn([2, 1, 28, 28])).shape).toEqual([2, 6, 28, 28]);
    expect(new Conv1d(3, 5, 4).weight.shape).toEqual([5, 3, 4]);
    expect(new Conv1d(3, 5, 3, { padding: 'same' }).forward(randn([2, 3, 11])).shape).toEqual([2, 5, 11]);
    const up = new ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 });
    expect(up.weight.shape).toEqual([16, 8, 3, 3]);
    expect(up.forward(randn([1, 16, 7, 7])).shape).toEqual([1, 8, 14, 14]);
    expect(String(conv)).toContain('Conv2d(4, 8, kernelSize=[3, 5], stride=[1, 1], padding=[0, 0], groups=2, bias=true)');
  });

  test('padding modes on a hand-worked 3×3 image (kernel of ones, padding 1)', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const sums = (paddingMode: 'zeros' | 'reflect' | 'replicate' | 'circular') => {
      const conv = new Conv2d(1, 1, 3, { padding: 1, paddingMode, bias: false });
      conv.weight.data.fill(1);
      return conv.forward(x).toArray() as number[][][][];
    };
    expect(sums('zeros')).toEqual([[[[12, 21, 16], [27, 45, 33], [24, 39, 28]]]]);
    // reflect pads row 2 above row 1 and column 2 left of column 1: the top-left window is [5 4 5; 2 1 2; 5 4 5]
    expect(sums('reflect')[0][0][0][0]).toBe(33);
    // replicate repeats the edge: [1 1 2; 1 1 2; 4 4 5]
    expect(sums('replicate')[0][0][0][0]).toBe(21);
    // circular wraps around: [9 7 8; 3 1 2; 6 4 5], and every window of a circular image sums to 45
    expect(sums('circular')).toEqual([[[[45, 45, 45], [45, 45, 45], [45, 45, 45]]]]);
  });

  test('clear errors', () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow('Conv2d: groups = 2 must divide inChannels 3 and outChannels 4');
    expect(() => new Conv2d(0, 4, 3)).toThrow('Conv2d: inChannels must be a positive integer, got 0');
    expect(() => new Conv2d(1, 1, 3, { padding: 'same', stride: 2 })).toThrow("Conv2d: padding 'same' needs stride 1, got [2, 2]");
    expect(() => new Conv2d(3, 4, 3).forward(randn([1, 2, 8, 8]))).toThrow(/expects 3 input channels, input \[1, 2, 8, 8\] has 2/);
    expect(() => new Conv2d(1, 1, 5).forward(randn([1, 1, 3, 3]))).toThrow(/does not fit a 3×3 input/);
    expect(() => new BatchNorm2d(3).forward(randn([2, 4, 2, 2]))).toThrow('BatchNorm2d: expected input [N, 3, H, W], got [2, 4, 2, 2]');
    expect(() => new Dropout2d(1.5)).toThrow('Dropout2d: probability must be in [0, 1], got 1.5');
    expect(() => new Dropout2d().forward(randn([2, 3]))).toThrow('Dropout2d: input must be 4-D [N, C, H, W], got [2, 3]');
    expect(() => new Upsample({})).toThrow('Upsample: give size or scaleFactor');
  });
});

describe('pooling', () => {
  test('max pooling sends the gradient to the first maximum of each window, as PyTorch', () => {
    const x = tensor([[[[1, 3, 2, 2], [3, 0, 1, 2], [0, 0, 5, 4], [0, 1, 4, 5]]]]).requiresGrad_();
    const y = new MaxPool2d(2).forward(x);
    expect(y.toArray()).toEqual([[[[3, 2], [1, 5]]]]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[[[0, 1, 1, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]]]]);
  });
  test('global average pooling gives one number per channel', () => {
    const x = randn([2, 3, 4, 5]);
    expect(new GlobalAvgPool2d().forward(x)).toBeAllClose(x.mean([2, 3]), { atol: 1e-6 });
    expect(new GlobalAvgPool2d({ keepdims: true }).forward(x).shape).toEqual([2, 3, 1, 1]);
    expect(new AdaptiveAvgPool2d(1).forward(x).reshape([2, 3])).toBeAllClose(x.mean([2, 3]), { atol: 1e-6 });
  });
});

describe('BatchNorm2d', () => {
  test('running statistics match hand-computed values; eval uses them', () => {
    // channel 0 holds 1…8, channel 1 holds 2·(1…8): mean 4.5 and 9, biased variance 5.25 and 21
    const v = Array.from({ length: 8 }, (_, i) => i + 1);
    const x = tensor([[[[1, 2], [3, 4]], [[2, 4], [6, 8]]], [[[5, 6], [7, 8]], [[10, 12], [14, 16]]]]);
    const bn = new BatchNorm2d(2);
    const y = bn.forward(x);
    expect(bn.runningMean!.toArray()).toBeAllClose([0.45, 0.9], { atol: 1e-6 }); // 0.9·0 + 0.1·mean
    const unbiased = (v.reduce((s, a) => s + (a - 4.5) ** 2, 0)) / 7; // 6
    expect(bn.runningVar!.toArray()).toBeAllClose([0.9 + 0.1 * unbiased, 0.9 + 0.1 * 4 * unbiased], { atol: 1e-6 });
    expect(bn.numBatchesTracked!.item()).toBe(1);
    expect(y.slice(1, 0, 1).mean().item()).toBeCloseTo(0, 6);
    expect(y.slice(1, 0, 1).var(undefined, { correction: 0 }).item()).toBeCloseTo(5.25 / (5.25 + 1e-5), 4);
    bn.eval();
    const e = bn.forward(x);
    // (x − 0.45) / √(0.9 + 0.6 + 1e-5) for channel 0
    expect(e.dataSync()[0]).toBeCloseTo((1 - 0.45) / Math.sqrt(1.5 + 1e-5), 5);
  });
  test('state dict names match PyTorch', () => {
    expect(Object.keys(new BatchNorm2d(3).stateDict())).toEqual(['weight', 'bias', 'runningMean', 'runningVar', 'numBatchesTracked']);
  });
});

describe('Dropout2d', () => {
  test('zeroes whole channels in training and scales the rest; identity in eval', () => {
    manualSeed(2);
    const drop = new Dropout2d(0.5);
    const x = randn([8, 4, 3, 3]).abs().add(0.1);
    const y = drop.forward(x).div(x).reshape([32, 9]).toArray() as number[][];
    for (const ch of y) expect(new Set(ch.map((v) => v.toFixed(4))).size).toBe(1); // one value per channel
    const kept = y.filter((ch) => ch[0] > 0);
    expect(kept.length).toBeGreaterThan(8);
    expect(kept.length).toBeLessThan(24);
    for (const ch of kept) expect(ch[0]).toBeCloseTo(2, 5);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
  });
});

describe('forward hooks and recorded activations', () => {
  test('hooks see every call, may replace the output, and are removable', () => {
    const relu = new ReLU();
    const seen: number[][] = [];
    const h = relu.registerForwardHook((m, [input], out) => {
      expect(m).toBe(relu);
      seen.push([(input as Tensor).size, (out as Tensor).size]);
    });
    const doubler = relu.registerForwardHook((_m, _in, out) => (out as Tensor).mul(2));
    expect(relu.forward(tensor([-1, 2])).toArray()).toEqual([0, 4]);
    h.remove();
    doubler.remove();
    expect(relu.forward(tensor([-1, 2])).toArray()).toEqual([0, 2]);
    expect(seen).toEqual([[2, 2]]);
    expect(Object.keys(relu)).not.toContain('forward'); // the wrapper is not a member
  });
  test('recordActivations keeps every layer output and its gradient (saliency)', () => {
    manualSeed(1);
    const net = new Sequential(new Conv2d(1, 2, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2), new GlobalAvgPool2d());
    const rec = recordActivations(net, { grads: true });
    const x = randn([1, 1, 4, 4]).requiresGrad_();
    net.forward(x).sum().backward();
    expect([...rec.activations.keys()]).toEqual(['0', '1', '2', '3', '']);
    expect(rec.activations.get('0')!.shape).toEqual([1, 2, 4, 4]);
    expect(rec.grad('3')!.toArray()).toEqual([[1, 1]]);
    expect(rec.grad('0')!.shape).toEqual([1, 2, 4, 4]);
    expect(x.grad!.shape).toEqual([1, 1, 4, 4]);
    rec.remove();
    rec.activations.clear();
    net.forward(x);
    expect(rec.activations.size).toBe(0);
  });
});

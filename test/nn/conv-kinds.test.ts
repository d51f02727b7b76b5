import { describe, expect, test } from 'vitest';
import { arange, F, randn, tensor } from '../../src/index.js';
import { Conv1d, Conv2d, ConvTranspose2d, Sequential } from '../../src/nn/index.js';
import { convStats } from '../../src/nn/conv-kinds.js';

// Kinds of convolutions, explained by the code: each example of docs/convolutions.md, run.
const x4 = arange(1, 17, 1, { dtype: 'float32' }).reshape([1, 1, 4, 4]); // [[1 2 3 4] [5 6 7 8] [9 10 11 12] [13 14 15 16]]
const ones = (k: number) => tensor(Array(k * k).fill(1), { shape: [1, 1, k, k] });
const rows = (t: ReturnType<typeof randn>) => t.reshape([t.shape[2], t.shape[3]]).toArray();

describe('kinds of convolutions on small worked inputs', () => {
  test('standard: each output is the sum of a 2×2 patch; size 4 − 2 + 1 = 3', () => {
    expect(rows(F.conv2d(x4, ones(2)))).toEqual([[14, 18, 22], [30, 34, 38], [46, 50, 54]]);
  });
  test('strided: stride 2 keeps every other window; size ⌊(4 − 2)/2⌋ + 1 = 2', () => {
    expect(rows(F.conv2d(x4, ones(2), null, { stride: 2 }))).toEqual([[14, 22], [46, 54]]);
  });
  test("padded: a border of zeros keeps the size ('same'); corners see only 4 pixels", () => {
    const y = rows(F.conv2d(x4, ones(3), null, { padding: 1 })) as number[][];
    expect(y[0][0]).toBe(1 + 2 + 5 + 6);
    expect(y[1][1]).toBe(1 + 2 + 3 + 5 + 6 + 7 + 9 + 10 + 11);
    expect(y.length).toBe(4);
  });
  test('dilated (atrous): a 2×2 kernel with dilation 2 reads pixels 2 apart, covering 3×3', () => {
    expect(rows(F.conv2d(x4, ones(2), null, { dilation: 2 }))).toEqual([[1 + 3 + 9 + 11, 2 + 4 + 10 + 12], [5 + 7 + 13 + 15, 6 + 8 + 14 + 16]]);
  });
  test('transposed: each input pixel paints a copy of the kernel; stride 2 upsamples 2×2 → 4×4', () => {
    const x = tensor([[[[1, 2], [3, 4]]]]);
    const k = tensor([[[[1, 10], [100, 1000]]]]);
    expect(rows(F.convTranspose2d(x, k, null, { stride: 2 }))).toEqual([
      [1, 10, 2, 20],
      [100, 1000, 200, 2000],
      [3, 30, 4, 40],
      [300, 3000, 400, 4000],
    ]);
    // and it is the adjoint of the strided convolution: ⟨conv(a), b⟩ = ⟨a, convT(b)⟩
    const a = randn([1, 1, 4, 4]);
    const b = randn([1, 1, 2, 2]);
    const lhs = F.conv2d(a, k, null, { stride: 2 }).mul(b).sum().item();
    const rhs = a.mul(F.convTranspose2d(b, k, null, { stride: 2 })).sum().item();
    expect(lhs).toBeCloseTo(rhs, 3);
  });
  test('1×1: a per-pixel Linear layer mixing channels', () => {
    const x = tensor([[[[1, 2]], [[3, 4]]]]); // 2 channels, 1×2 image
    const w = tensor([[[[1]], [[10]]], [[[-1]], [[1]]]]); // out0 = c0 + 10·c1, out1 = c1 − c0
    expect(F.conv2d(x, w).toArray()).toEqual([[[[31, 42]], [[2, 2]]]]);
  });
  test('grouped: groups = 2 convolves each half of the channels on its own', () => {
    const x = tensor([[[[1]], [[2]], [[3]], [[4]]]]);
    const w = tensor([[[[1]], [[1]]], [[[1]], [[-1]]]]); // [2 out, 4/2 in, 1, 1]
    // out0 sees channels 0–1 only, out1 channels 2–3 only
    expect(F.conv2d(x, w, null, { groups: 2 }).toArray()).toEqual([[[[3]], [[-1]]]]);
  });
  test('depthwise-separable: depthwise 3×3 (groups = C), then 1×1, has far fewer weights than a 3×3', () => {
    const standard = new Conv2d(32, 64, 3, { padding: 1, bias: false });
    const separable = new Sequential(new Conv2d(32, 32, 3, { padding: 1, groups: 32, bias: false }), new Conv2d(32, 64, 1, { bias: false }));
    expect(standard.numParameters()).toBe(32 * 64 * 9); // 18,432
    expect(separable.numParameters()).toBe(32 * 9 + 32 * 64); // 2,336: (9 + 64)/(9·64) ≈ 12.7% of it
    expect(separable.forward(randn([1, 32, 8, 8])).shape).toEqual(standard.forward(randn([1, 32, 8, 8])).shape);
  });
});

describe('convStats: output size formula, parameters and FLOPs', () => {
  test('LeNet-5 conv1 on a digit: 6·(25 + 1) parameters, 2·25 FLOPs per output plus the bias add', () => {
    expect(convStats(new Conv2d(1, 6, 5, { padding: 2 }), [1, 1, 28, 28])).toEqual({ outputShape: [1, 6, 28, 28], params: 156, flops: 6 * 784 * 51 });
  });
  test.each([
    ['standard', new Conv2d(3, 8, 3), [2, 3, 32, 32], [2, 8, 30, 30], 8 * 3 * 9 + 8],
    ['strided', new Conv2d(3, 8, 3, { stride: 2 }), [1, 3, 32, 32], [1, 8, 15, 15], 224],
    ['padded', new Conv2d(3, 8, 3, { padding: 1 }), [1, 3, 32, 32], [1, 8, 32, 32], 224],
    ["'same' with an even kernel", new Conv2d(3, 8, 4, { padding: 'same', paddingMode: 'reflect' }), [1, 3, 10, 10], [1, 8, 10, 10], 8 * 3 * 16 + 8],
    ['dilated', new Conv2d(3, 8, 3, { dilation: 2 }), [1, 3, 32, 32], [1, 8, 28, 28], 224],
    ['transposed', new ConvTranspose2d(8, 3, 4, { stride: 2, padding: 1 }), [1, 8, 16, 16], [1, 3, 32, 32], 8 * 3 * 16 + 3],
    ['1×1', new Conv2d(64, 16, 1), [1, 64, 7, 7], [1, 16, 7, 7], 64 * 16 + 16],
    ['grouped', new Conv2d(64, 64, 3, { groups: 4, padding: 1, bias: false }), [1, 64, 8, 8], [1, 64, 8, 8], (64 * 64 * 9) / 4],
    ['depthwise', new Conv2d(64, 64, 3, { groups: 64, padding: 1, bias: false }), [1, 64, 16, 16], [1, 64, 16, 16], 64 * 9],
    ['1-D', new Conv1d(4, 2, 5, { stride: 2 }), [1, 4, 21], [1, 2, 9], 2 * 4 * 5 + 2],
  ] as const)('%s', (_, layer, input, output, params) => {
    const s = convStats(layer, input);
    expect(s.outputShape).toEqual(output);
    expect(s.params).toBe(params);
    expect(layer.numParameters()).toBe(params);
    // the real layer agrees with the formula
    expect(layer.forward(randn(input as unknown as number[])).shape).toEqual(output);
  });
  test('FLOPs: depthwise-separable costs (k² + O)/(k²·O) of the standard convolution', () => {
    const std = convStats(new Conv2d(32, 64, 3, { padding: 1, bias: false }), [1, 32, 16, 16]).flops;
    const dw = convStats(new Conv2d(32, 32, 3, { padding: 1, groups: 32, bias: false }), [1, 32, 16, 16]).flops;
    const pw = convStats(new Conv2d(32, 64, 1, { bias: false }), [1, 32, 16, 16]).flops;
    expect(std).toBe(2 * 256 * 64 * 32 * 9);
    expect((dw + pw) / std).toBeCloseTo((9 + 64) / (9 * 64), 10);
    // transposed: every input value meets O·k² weights
    expect(convStats(new ConvTranspose2d(8, 3, 4, { stride: 2, padding: 1, bias: false }), [1, 8, 16, 16]).flops).toBe(2 * 8 * 256 * 3 * 16);
    expect(() => convStats(new Conv2d(3, 8, 3), [1, 4, 8, 8])).toThrow('convStats: Conv2d expects input [N, 3, H, W], got [1, 4, 8, 8]');
  });
});

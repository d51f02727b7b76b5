import { describe, expect, test } from 'vitest';
import { gradcheck, rand, randn, tensor } from '../../src/index.js';
import {
  bceLoss, bceWithLogitsLoss, crossEntropy, CrossEntropyLoss, huberLoss, l1Loss, mseLoss, nllLoss,
} from '../../src/nn/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = { dtype: 'float64' } as const;
const labels = (v: number[]) => tensor(v, { dtype: 'int32' });
const z = () => tensor([[2, 1, 0.1], [0.5, 2.5, 0.3]], f64);
/** log softmax by hand, row by row */
const logSoftmaxRows = (rows: number[][]) =>
  rows.map((r) => {
    const lse = Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    return r.map((v) => v - lse);
  });
const Z = logSoftmaxRows([[2, 1, 0.1], [0.5, 2.5, 0.3]]);

describe('crossEntropy', () => {
  test('matches its closed form: mean of logsumexp(z) − z[target]', () => {
    expect(crossEntropy(z(), labels([0, 1]))).toBeAllClose(0.3185398, { atol: 1e-6 });
    expect(crossEntropy(z(), labels([0, 1]), { reduction: 'sum' })).toBeAllClose(-Z[0][0] - Z[1][1], { rtol: 1e-12 });
    expect(crossEntropy(z(), labels([0, 1]), { reduction: 'none' })).toBeAllClose([-Z[0][0], -Z[1][1]], { rtol: 1e-12 });
  });

  test('class weights give the weighted mean Σ w[y]·ℓ / Σ w[y], as PyTorch', () => {
    const w = tensor([1, 2, 3], f64);
    const want = (1 * -Z[0][0] + 2 * -Z[1][1]) / 3;
    expect(crossEntropy(z(), labels([0, 1]), { weight: w })).toBeAllClose(want, { rtol: 1e-12 });
  });

  test('ignoreIndex drops rows from the sum and the count', () => {
    expect(crossEntropy(z(), labels([0, -100]))).toBeAllClose(-Z[0][0], { rtol: 1e-12 });
    expect(crossEntropy(z(), labels([3, 1]), { ignoreIndex: 3 })).toBeAllClose(-Z[1][1], { rtol: 1e-12 });
  });

  test('label smoothing: (1 − ε)·nll + ε/C·Σ −log p', () => {
    const e = 0.1;
    const row = (r: number[], y: number) => (1 - e) * -r[y] + (e / 3) * -r.reduce((a, b) => a + b, 0);
    expect(crossEntropy(z(), labels([0, 1]), { labelSmoothing: e })).toBeAllClose((row(Z[0], 0) + row(Z[1], 1)) / 2, { rtol: 1e-12 });
  });

  test('probability targets: −Σ q·log p, mean over rows', () => {
    const q = tensor([[0.2, 0.3, 0.5], [0, 1, 0]], f64);
    const want = (-(0.2 * Z[0][0] + 0.3 * Z[0][1] + 0.5 * Z[0][2]) - Z[1][1]) / 2;
    expect(crossEntropy(z(), q)).toBeAllClose(want, { rtol: 1e-12 });
  });

  test('errors name the loss and both shapes', () => {
    expect(() => crossEntropy(randn([64, 10]), labels(Array(32).fill(0)))).toThrow(
      'crossEntropy: input [64, 10] and target [32] differ in batch size',
    );
    expect(() => crossEntropy(randn([2, 3]), labels([0, 3]))).toThrow('crossEntropy: target 3 is out of range for 3 classes');
    expect(() => crossEntropy(randn([2, 3]), tensor([0, 1]))).toThrow(/must be int32 class indices/);
  });

  test('[N, C, d] inputs give [N, d] losses; a single sample [C] gives a scalar', () => {
    const x = randn([2, 3, 4]);
    expect(crossEntropy(x, tensor([[0, 1, 2, 0], [1, 1, 1, 1]], { dtype: 'int32' }), { reduction: 'none' }).shape).toEqual([2, 4]);
    expect(crossEntropy(x, x.softmax(1), { reduction: 'none' }).shape).toEqual([2, 4]);
    const one = crossEntropy(tensor([2, 1, 0.1], f64), tensor(0, { dtype: 'int32' }), { reduction: 'none' });
    expect(one.shape).toEqual([]);
    expect(one).toBeAllClose(-Z[0][0], { rtol: 1e-12 });
    expect(() => crossEntropy(x, tensor([[0, 1, 2], [1, 1, 1]], { dtype: 'int32' }))).toThrow(
      'crossEntropy: target [2, 3] should have shape [2, 4] for input [2, 3, 4]',
    );
  });

  test('module form', () => {
    expect(new CrossEntropyLoss().forward(z(), labels([0, 1]))).toBeAllClose(0.3185398, { atol: 1e-6 });
  });
});

describe('regression losses', () => {
  const x = tensor([1, 2, 3, -1], f64);
  const y = tensor([1.5, 0, 3, 2], f64);
  test('mse, l1 and huber match hand values', () => {
    expect(mseLoss(x, y)).toBeAllClose((0.25 + 4 + 0 + 9) / 4, { rtol: 1e-12 });
    expect(l1Loss(x, y)).toBeAllClose((0.5 + 2 + 0 + 3) / 4, { rtol: 1e-12 });
    // δ = 1: ½·0.25, 2 − ½, 0, 3 − ½
    expect(huberLoss(x, y, { reduction: 'sum' })).toBeAllClose(0.125 + 1.5 + 0 + 2.5, { rtol: 1e-12 });
  });
  test('shape mismatch names the loss and both shapes', () => {
    expect(() => mseLoss(randn([4, 1]), randn([4]))).toThrow('mseLoss: input [4, 1] and target [4] differ in shape');
    expect(() => bceWithLogitsLoss(randn([4]), randn([3]))).toThrow('bceWithLogitsLoss: input [4] and target [3] differ in shape');
    expect(() => l1Loss(randn([2]), tensor([1, 2], f64))).toThrow("l1Loss: input is float32 but target is float64; convert the target with .to('float32')");
    expect(() => huberLoss(randn([2]), randn([2]), { delta: 0 })).toThrow('huberLoss: delta must be positive, got 0');
    expect(() => bceLoss(rand([2, 3]), rand([2, 3]), { weight: rand([2]) })).toThrow('bceLoss: weight [2] does not broadcast to input [2, 3]');
    expect(() => bceWithLogitsLoss(randn([2, 3]), rand([2, 3]), { posWeight: rand([4]) })).toThrow(
      'bceWithLogitsLoss: posWeight [4] does not broadcast to input [2, 3]',
    );
  });
});

describe('binary losses', () => {
  test('bce and bceWithLogits agree with −(y log p + (1 − y) log(1 − p))', () => {
    const logits = tensor([0.3, -2, 5], f64);
    const y = tensor([1, 0, 0.5], f64);
    const p = [0.3, -2, 5].map((v) => 1 / (1 + Math.exp(-v)));
    const want = p.map((pi, i) => -([1, 0, 0.5][i] * Math.log(pi) + (1 - [1, 0, 0.5][i]) * Math.log(1 - pi)));
    expect(bceLoss(logits.sigmoid(), y, { reduction: 'none' })).toBeAllClose(want, { rtol: 1e-10 });
    expect(bceWithLogitsLoss(logits, y, { reduction: 'none' })).toBeAllClose(want, { rtol: 1e-10 });
  });
  test('bceWithLogits is finite for huge logits', () => {
    const l = bceWithLogitsLoss(tensor([1000, -1000]), tensor([0, 1]), { reduction: 'none' });
    expect(l).toBeAllClose([1000, 1000]);
  });
});

describe('gradients match finite differences (float64)', () => {
  const logits = () => randn([4, 3], f64);
  const y = labels([0, 2, 1, 2]);
  const cases: Record<string, [(...xs: Tensor[]) => Tensor, () => Tensor[]]> = {
    crossEntropy: [(x) => crossEntropy(x, y), () => [logits()]],
    'crossEntropy weight+smoothing+ignore': [
      (x) => crossEntropy(x, labels([0, -100, 1, 2]), { weight: tensor([0.5, 1, 2], f64), labelSmoothing: 0.2 }),
      () => [logits()],
    ],
    'crossEntropy probabilities': [(x, q) => crossEntropy(x, q.softmax(1)), () => [logits(), randn([4, 3], f64)]],
    'crossEntropy [N, C, d]': [(x) => crossEntropy(x, tensor([[0, 1], [2, 2]], { dtype: 'int32' })), () => [randn([2, 3, 2], f64)]],
    'crossEntropy none': [(x) => crossEntropy(x, y, { reduction: 'none' }), () => [logits()]],
    'crossEntropy sum + smoothing': [(x) => crossEntropy(x, y, { reduction: 'sum', labelSmoothing: 0.3 }), () => [logits()]],
    'crossEntropy probabilities + weight + smoothing': [
      (x, q) => crossEntropy(x, q.softmax(1), { weight: tensor([0.5, 1, 2], f64), labelSmoothing: 0.1 }),
      () => [logits(), randn([4, 3], f64)],
    ],
    'crossEntropy single sample [C]': [(x) => crossEntropy(x, tensor(2, { dtype: 'int32' })), () => [randn([3], f64)]],
    nllLoss: [(x) => nllLoss(x.logSoftmax(1), y, { weight: tensor([1, 2, 3], f64) }), () => [logits()]],
    'nllLoss ignoreIndex none': [(x) => nllLoss(x, labels([0, 1, -1, 2]), { ignoreIndex: -1, reduction: 'none' }), () => [logits()]],
    'mseLoss none': [(a, b) => mseLoss(a, b, { reduction: 'none' }), () => [randn([3, 2], f64), randn([3, 2], f64)]],
    'huberLoss sum': [(a, b) => huberLoss(a, b, { reduction: 'sum' }), () => [randn([3, 2], f64), randn([3, 2], f64)]],
    'bceLoss none': [(p, t) => bceLoss(p, t, { reduction: 'none' }), () => [rand([3, 2], f64).mul(0.8).add(0.1), rand([3, 2], f64)]],
    'bceWithLogitsLoss weight sum': [
      (x, t) => bceWithLogitsLoss(x, t, { weight: tensor([[2], [1], [0.5]], f64), reduction: 'sum' }),
      () => [randn([3, 2], f64), rand([3, 2], f64)],
    ],
    mseLoss: [(a, b) => mseLoss(a, b), () => [randn([3, 2], f64), randn([3, 2], f64)]],
    l1Loss: [(a, b) => l1Loss(a, b), () => [randn([3, 2], f64), randn([3, 2], f64)]],
    huberLoss: [(a, b) => huberLoss(a, b, { delta: 0.5 }), () => [randn([3, 2], f64), randn([3, 2], f64)]],
    bceLoss: [(p, t) => bceLoss(p, t, { weight: tensor([1, 2], f64) }), () => [rand([3, 2], f64).mul(0.8).add(0.1), rand([3, 2], f64)]],
    bceWithLogitsLoss: [
      (x, t) => bceWithLogitsLoss(x, t, { posWeight: tensor([2, 0.5], f64) }),
      () => [randn([3, 2], f64), rand([3, 2], f64)],
    ],
  };
  test.each(Object.entries(cases))('%s', (_, [fn, inputs]) => {
    expect(gradcheck(fn, inputs()).ok).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as F from '../../src/autograd/functional.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { setBackend } from '../../src/backend/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { backends, rnd, useBackend } from './helpers.js';

// Convolution and pooling against PyTorch (outputs and gradients of sum(out·r)), on every
// backend and in both float dtypes; plus finite-difference checks of options PyTorch rarely hits.

interface Enc {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  op: string;
  options: Record<string, any>;
  inputs: Enc[];
  r: Enc;
  out: Enc;
  grads: Enc[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-conv.json', import.meta.url), 'utf8')) as { cases: Case[] };

const run: Record<string, (xs: Tensor[], o: Record<string, any>) => Tensor> = {
  conv2d: ([x, w, b], o) => F.conv2d(x, w, b ?? null, o),
  conv1d: ([x, w, b], o) => F.conv1d(x, w, b ?? null, o),
  convTranspose2d: ([x, w, b], o) => F.convTranspose2d(x, w, b ?? null, o),
  maxPool2d: ([x], { kernel, ...o }) => F.maxPool2d(x, kernel, o),
  avgPool2d: ([x], { kernel, ...o }) => F.avgPool2d(x, kernel, o),
  adaptiveAvgPool2d: ([x], { size }) => F.adaptiveAvgPool2d(x, size),
  upsample: ([x], o) => F.upsample(x, o),
};

describe.each(backends)('%s backend', (backend) => {
  useBackend(backend);
  describe.each(['float64', 'float32'] as DType[])('%s', (dtype) => {
    const tol = dtype === 'float64' ? { rtol: 1e-9, atol: 1e-10 } : { rtol: 1e-5, atol: 1e-5 };
    test.each(fixture.cases.map((c) => [c.name, c] as const))('%s matches PyTorch', (_, c) => {
      const xs = c.inputs.map((e) => tensor(e.data, { shape: e.shape, dtype }).requiresGrad_());
      const out = run[c.op](xs, c.options);
      expect(out.shape).toEqual(c.out.shape);
      expect(out).toBeAllClose(c.out.data, tol);
      out.mul(tensor(c.r.data, { shape: c.r.shape, dtype })).sum().backward();
      xs.forEach((x, i) => expect(x.grad!).toBeAllClose(c.grads[i].data, tol));
    });
  });

  test('grouped strided conv with bias, ceil-mode and adaptive pools pass finite differences', () => {
    const x = rnd([2, 4, 7, 5]);
    const w = rnd([6, 2, 3, 2], { seed: 2 });
    const b = rnd([6], { seed: 3 });
    expect(gradcheck((x, w, b) => F.conv2d(x, w, b, { stride: 2, padding: [1, 0], groups: 2 }), [x, w, b]).ok).toBe(true);
    expect(gradcheck((x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [x]).ok).toBe(true);
    expect(gradcheck((x) => F.maxPool2d(x, [2, 3], { stride: [2, 1], ceilMode: true }), [x]).ok).toBe(true);
    expect(gradcheck((x) => F.adaptiveAvgPool2d(x, [3, 4]), [x]).ok).toBe(true);
  });
});

describe('max pooling at sizes where wasm runs its own kernels', () => {
  // values from {0, 1, 2} tie in most windows; a few NaN must win their windows
  const x = (w: number) => {
    const n = w < 8 ? 8 : 2; // enough windows for wasm's kernels
    const v = rnd([n, 3, 34, w], { low: 0, high: 3, dtype: 'float32' }).dataSync().map(Math.floor);
    for (let i = 5; i < v.length; i += 997) v[i] = NaN;
    return tensor(v, { shape: [n, 3, 34, w], dtype: 'float32' }).requiresGrad_();
  };
  const run = (backend: 'js' | 'wasm', o: Parameters<typeof F.maxPool2d>[2], k: number, w: number) => {
    setBackend(backend);
    const input = x(w);
    const out = F.maxPool2d(input, k, o);
    out.mul(rnd(out.shape, { seed: 3, dtype: 'float32' })).sum().backward();
    setBackend('js');
    return [Array.from(out.dataSync()), Array.from(input.grad!.dataSync())];
  };
  test.each([
    ['2×2 (the SIMD path), a last odd column', 2, {}, 39],
    ['2×2 tiling the planes (the adjoint writes each pixel once), 19 outputs a row', 2, {}, 38],
    ['2×2 tiling planes 3 outputs wide (scalar windows)', 2, {}, 6],
    ['3×3, stride 2, padding 1, ceil mode', 3, { stride: 2, padding: 1, ceilMode: true }, 39],
  ] as const)('%s: first maximum on ties, NaN wins, as the reference', (_, k, o, w) => {
    const [outJs, gradJs] = run('js', o, k, w);
    const [outWasm, gradWasm] = run('wasm', o, k, w);
    expect(outJs.some(Number.isNaN)).toBe(true);
    expect(outWasm).toEqual(outJs);
    expect(gradWasm).toEqual(gradJs);
  });
});

describe('padImage border modes', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  test.each([
    ['reflect', [[5, 4, 5, 6, 5], [2, 1, 2, 3, 2], [5, 4, 5, 6, 5], [2, 1, 2, 3, 2]]],
    ['replicate', [[1, 1, 2, 3, 3], [1, 1, 2, 3, 3], [4, 4, 5, 6, 6], [4, 4, 5, 6, 6]]],
    ['circular', [[6, 4, 5, 6, 4], [3, 1, 2, 3, 1], [6, 4, 5, 6, 4], [3, 1, 2, 3, 1]]],
    ['zeros', [[0, 0, 0, 0, 0], [0, 1, 2, 3, 0], [0, 4, 5, 6, 0], [0, 0, 0, 0, 0]]],
  ] as const)('%s (values as torch F.pad)', (mode, expected) => {
    expect(F.padImage(x, [1, 1, 1, 1], mode).toArray()).toEqual(expected);
  });
  test('gradients collect every copy of a border pixel', () => {
    expect(gradcheck((x) => F.padImage(x, [2, 1, 1, 2], 'reflect'), [rnd([2, 3, 4])]).ok).toBe(true);
    const g = F.padImage(x.requiresGrad_(), [1, 1, 1, 1], 'replicate');
    g.sum().backward();
    expect(x.grad!.toArray()).toEqual([[4, 2, 4], [4, 2, 4]]);
  });
  test('reflect wider than the image is an error', () => {
    expect(() => F.padImage(x, [2, 0, 0, 0], 'reflect')).toThrow(/reflect padding 2 must be smaller than the size 2/);
  });
});

describe('errors name the problem and the shapes', () => {
  const x = rnd([2, 3, 5, 5]);
  test('channel mismatch', () => {
    expect(() => F.conv2d(x, rnd([4, 2, 3, 3]))).toThrow(/conv2d: weight \[4, 2, 3, 3\] expects 2 input channels, input \[2, 3, 5, 5\] has 3/);
  });
  test('not 4-D', () => expect(() => F.conv2d(rnd([3, 5, 5]), rnd([4, 3, 3, 3]))).toThrow(/must be 4-D \[N, C, H, W\], got \[3, 5, 5\]/));
  test('window larger than the input', () => expect(() => F.conv2d(x, rnd([4, 3, 7, 7]))).toThrow(/does not fit a 5×5 input/));
  test('bad groups', () => expect(() => F.conv2d(x, rnd([4, 1, 3, 3]), null, { groups: 2 })).toThrow(/groups = 2 must divide/));
  test("'same' with an even kernel", () => expect(() => F.conv2d(x, rnd([4, 3, 2, 2]), null, { padding: 'same' })).toThrow(/odd effective kernel/));
});

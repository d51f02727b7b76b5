import { describe, expect, test } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  applyFilter, boxKernel, BORDERS, edgeEnhanceKernel, embossKernel, gaussian1d, gaussianKernel, gradientKernel, identityKernel,
  kernelFrom, laplacianKernel, medianFilter, motionBlurKernel, parseKernel, unsharpKernel, unsharpMask, type Border,
} from 'perceptio/vision';

const ramp = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);

/** Where a border mode reads index i of an axis of length n (a different route from F.padImage). */
function source(i: number, n: number, border: Border): number | null {
  if (i >= 0 && i < n) return i;
  if (border === 'zero') return null;
  if (border === 'replicate') return Math.min(Math.max(i, 0), n - 1);
  if (border === 'circular') return ((i % n) + n) % n;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

/** Direct correlation by four nested loops, for comparison. */
function correlate(img: number[][], k: number[][], border: Border): number[][] {
  const [h, w, rh, rw] = [img.length, img[0].length, (k.length - 1) / 2, (k[0].length - 1) / 2];
  return img.map((row, y) =>
    row.map((_, x) => {
      let s = 0;
      k.forEach((kr, i) => kr.forEach((kv, j) => {
        const [sy, sx] = [source(y + i - rh, h, border), source(x + j - rw, w, border)];
        if (sy !== null && sx !== null) s += kv * img[sy][sx];
      }));
      return s;
    }),
  );
}

describe('hand-computed 3×3 cases', () => {
  test.each(BORDERS)('identity leaves the image as it is (%s)', (border) => {
    expect(applyFilter(ramp, identityKernel(), { border })).toBeAllClose(ramp);
  });

  test.each([
    ['zero', 12 / 9], // (1 + 2 + 4 + 5) / 9
    ['replicate', 21 / 9], // [[1, 1, 2], [1, 1, 2], [4, 4, 5]]
    ['reflect', 33 / 9], // [[5, 4, 5], [2, 1, 2], [5, 4, 5]]
    ['circular', 45 / 9], // [[9, 7, 8], [3, 1, 2], [6, 4, 5]]
  ] as const)('box blur corner with border %s is %d; the centre is the mean 5', (border, corner) => {
    const out = applyFilter(ramp, boxKernel(3), { border }).toArray() as number[][];
    expect(out[0][0]).toBeCloseTo(corner, 5);
    expect(out[1][1]).toBeCloseTo(5, 5);
  });

  test('sobel x of a ramp rising by 1 per column: 8 inside, 4 at the replicated edge', () => {
    const out = applyFilter(ramp, gradientKernel('sobel', 'x'), { border: 'replicate' });
    expect(out).toBeAllClose([[4, 8, 4], [4, 8, 4], [4, 8, 4]], { atol: 1e-5 });
    expect(applyFilter(ramp, gradientKernel('sobel', 'y'), { border: 'replicate' })).toBeAllClose([[12, 12, 12], [24, 24, 24], [12, 12, 12]], { atol: 1e-5 });
  });

  test('kernels are correlated, not convolved: a kernel picking the right neighbour shifts the image left', () => {
    const right = kernelFrom([[0, 0, 0], [0, 0, 1], [0, 0, 0]]);
    expect(applyFilter(ramp, right, { border: 'zero' })).toBeAllClose([[2, 3, 0], [5, 6, 0], [8, 9, 0]]);
  });

  test('the gradient of a filter reaches the image through conv2d: Σ box blur counts the windows over each pixel', () => {
    const x = ramp.clone().requiresGrad_();
    applyFilter(x, boxKernel(3), { border: 'zero' }).sum().backward();
    expect(x.grad!).toBeAllClose([[4, 6, 4], [6, 9, 6], [4, 6, 4]].map((r) => r.map((v) => v / 9)), { atol: 1e-6 });
  });
});

describe('hand-computed 5×5 cases', () => {
  const impulse = tensor(Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === 2 && j === 2 ? 1 : 0))));
  const centre3 = (t: Tensor) => (t.toArray() as number[][]).slice(1, 4).map((r) => r.slice(1, 4));

  test.each([
    ['laplacian 4', laplacianKernel(4)],
    ['laplacian 8', laplacianKernel(8)],
    ['sharpen', kernelFrom([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])],
    ['emboss', embossKernel()],
    ['edge enhance', edgeEnhanceKernel()],
  ])('%s of an impulse is its kernel turned by 180° (correlation)', (_, k) => {
    const flipped = (k.toArray() as number[][]).map((r) => [...r].reverse()).reverse();
    expect(centre3(applyFilter(impulse, k, { border: 'zero' }))).toBeAllClose(flipped, { atol: 1e-6 });
  });

  test('a 5×5 kernel with reflect border on a 5×5 image matches the direct loop', () => {
    const img = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => ((i * 7 + j * 3) % 5) - i / 2));
    const k = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => i - 2 * j + 1));
    for (const border of BORDERS) expect(applyFilter(tensor(img), kernelFrom(k), { border }), border).toBeAllClose(correlate(img, k, border), { atol: 1e-4 });
  });

  test('median removes an isolated spike that a box blur only spreads', () => {
    expect(medianFilter(impulse, 3)).toBeAllClose(0);
    const box = applyFilter(impulse, boxKernel(3), { border: 'zero' });
    expect(centre3(box)).toBeAllClose(1 / 9, { atol: 1e-7 });
  });

  test('median of a 3×3 window with each border mode', () => {
    expect(medianFilter(ramp, 3, { border: 'zero' })).toBeAllClose([[0, 2, 0], [2, 5, 3], [0, 5, 0]]);
    expect(medianFilter(ramp, 3, { border: 'replicate' })).toBeAllClose([[2, 3, 3], [4, 5, 6], [7, 7, 8]]);
  });
});

describe('kernels', () => {
  test('Gaussian: radius ⌊4σ + 0.5⌋ as SciPy, sums to 1, neighbour ratio e^(−1/2σ²)', () => {
    expect(gaussian1d(1)).toHaveLength(9);
    expect(gaussian1d(2.5)).toHaveLength(21);
    expect(gaussian1d(0.3)).toHaveLength(3);
    const g = gaussian1d(1.5);
    expect(g.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(g[7] / g[6]).toBeCloseTo(Math.exp(-1 / (2 * 1.5 ** 2)), 12);
    expect(gaussianKernel(1).sum()).toBeAllClose(1, { atol: 1e-6 });
    expect(() => gaussian1d(0)).toThrow(/sigma must be a positive number, got 0/);
  });

  test('unsharp kernel equals the unsharp mask computed through a blur', () => {
    const img = tensor(Array.from({ length: 12 }, (_, i) => Array.from({ length: 11 }, (_, j) => Math.sin(i * j) + i / 5)));
    const a = applyFilter(img, unsharpKernel({ amount: 0.7, sigma: 1.2 }));
    expect(a).toBeAllClose(unsharpMask(img, { amount: 0.7, sigma: 1.2 }), { atol: 1e-5 });
  });

  test('motion blur: a horizontal line of 1/5 at 0°, a vertical one at 90°, a diagonal at 45°', () => {
    const h = motionBlurKernel(5).toArray() as number[][];
    expect(h[2]).toBeAllClose(0.2, { atol: 1e-7 });
    expect(h[1]).toBeAllClose(0);
    const v = motionBlurKernel(5, 90).toArray() as number[][];
    expect(v.map((r) => r[2])).toBeAllClose(0.2, { atol: 1e-7 });
    const d = motionBlurKernel(5, 45).toArray() as number[][];
    expect(d[0][4]).toBeGreaterThan(d[0][0]); // up and to the right: the top-right corner
    expect(motionBlurKernel(4).shape).toEqual([5, 5]); // an odd square holds any length
  });

  test('parseKernel reads rows by ; and values by , or spaces, and names a bad cell', () => {
    expect(parseKernel('0,-1,0;-1,5,-1;0,-1,0')).toBeAllClose([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]);
    expect(parseKernel(' 1 2 3 ; 4, 5, 6 ; 7 8 9 ').toArray()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(parseKernel('1/16,2/16,1/16;2/16,4/16,2/16;1/16,2/16,1/16').sum()).toBeAllClose(1, { atol: 1e-7 });
    expect(() => parseKernel('1,2,3;4,x,6;7,8,9')).toThrow(/row 2, column 2: 'x' is not a number/);
    expect(() => parseKernel('1,2;3')).toThrow(/row 2 has 1 values, row 1 has 2/);
    expect(() => parseKernel('1,,2')).toThrow(/row 1, column 2: '' is not a number/);
  });

  test('an even-sized kernel has no centre: a clear error', () => {
    expect(() => applyFilter(ramp, kernelFrom([[1, 1], [1, 1]]))).toThrow(/a 2×2 kernel has no centre pixel/);
    expect(() => boxKernel(4)).toThrow(/size must be a positive odd integer.*got 4/);
  });
});

describe('channels, batches, separable kernels and bands', () => {
  const base = Array.from({ length: 9 }, (_, i) => Array.from({ length: 10 }, (_, j) => Math.cos(i + 2 * j) + (i > 4 ? 1 : 0)));

  test('RGB channels are filtered independently (depthwise, groups = channels)', () => {
    const rgb = tensor([base, base.map((r) => r.map((v) => 2 * v)), base.map((r) => r.map((v) => -v))]);
    const out = applyFilter(rgb, embossKernel(), { border: 'replicate' });
    const one = correlate(base, embossKernel().toArray() as number[][], 'replicate');
    expect(out.shape).toEqual([3, 9, 10]);
    expect(out).toBeAllClose([one, one.map((r) => r.map((v) => 2 * v)), one.map((r) => r.map((v) => -v))], { atol: 1e-5 });
    expect(applyFilter(rgb.unsqueeze(0), embossKernel(), { border: 'replicate' }).shape).toEqual([1, 3, 9, 10]);
  });

  test.each(BORDERS)('a 7×7 Gaussian (separable: column then row pass) matches the direct loop (%s)', (border) => {
    const k = gaussianKernel(1, { radius: 3 });
    expect(applyFilter(tensor(base), k, { border: border === 'reflect' ? 'replicate' : border })).toBeAllClose(
      correlate(base, k.toArray() as number[][], border === 'reflect' ? 'replicate' : border), { atol: 1e-5 });
  });

  test('filtering in bands of rows gives the same image', () => {
    const img = tensor([base, base]);
    for (const k of [gradientKernel('scharr', 'y'), gaussianKernel(1.2)])
      expect(applyFilter(img, k, { maxElements: 500 })).toBeAllClose(applyFilter(img, k), { atol: 1e-5 }); // GEMM blocking may sum in another order
  });
});

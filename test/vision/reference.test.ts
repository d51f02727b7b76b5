import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import {
  applyFilter, boxKernel, encodeImage, filters, gaussianBlur, gradientKernel, identityKernel, kernelFrom, medianFilter, readImage,
  type Border, type FilterParams,
} from 'perceptio/vision';
import { repoRoot } from '../helpers/data.js';

// SciPy and OpenCV results on a synthetic 32×24 image (scripts/vision-reference.py); the image is
// stored as bytes, written here as a PNG and read back through readImage, so decoding is checked too.
const fx = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/vision-reference.json'), 'utf8')) as {
  producer: string;
  height: number;
  width: number;
  rgb: number[];
  kernels: Record<string, number[][]>;
  scipy: Record<string, number[]>;
  opencv: Record<string, number[]>;
};
const { height: h, width: w } = fx;
const png = encodeImage(tensor(new Float32Array(fx.rgb.map((v) => v / 255)), { shape: [3, h, w] }), 'png');
const rgb = readImage(png, { mode: 'rgb' });
const gray = readImage(png, { mode: 'gray' });

const asymmetric = kernelFrom([[1, 2, 0], [0, -1, 0], [0, 0, 3]]);
/** How each reference name is computed here: a named filter with parameters, or a kernel. */
const ours: Record<string, (border: Border) => ReturnType<typeof applyFilter>> = {
  identity: (border) => applyFilter(gray, identityKernel(), { border }),
  box3: (border) => applyFilter(gray, boxKernel(3), { border }),
  box5: (border) => applyFilter(gray, boxKernel(5), { border }),
  'custom-asym': (border) => applyFilter(gray, asymmetric, { border }),
  'median-3': (border) => medianFilter(gray, 3, { border }),
  'median-5': (border) => medianFilter(gray, 5, { border }),
  'motion-9-0': (border) => named('motion-blur', { border, length: 9, angle: 0 }),
  'motion-7-30': (border) => named('motion-blur', { border, length: 7, angle: 30 }),
  'unsharp-1.5-2': (border) => named('unsharp', { border, amount: 1.5, sigma: 2 }),
  'rgb-gaussian-1.5': (border) => gaussianBlur(rgb, 1.5, { border }),
  'rgb-sharpen': (border) => named('sharpen', { border }, rgb),
};
function named(name: string, p: FilterParams, image = gray) {
  return filters[name].apply(image, p);
}
function compute(key: string) {
  const [name, border] = key.split('/') as [string, Border];
  if (ours[name]) return ours[name](border);
  const gauss = /^gaussian-([\d.]+)$/.exec(name);
  if (gauss) return named('gaussian', { border, sigma: Number(gauss[1]) });
  return named(name, { border });
}

test('the fixture names its producer, and the decoded image has the stored bytes', () => {
  expect(fx.producer).toMatch(/scipy \d+\.\d+.*opencv \d/);
  expect(rgb.shape).toEqual([3, h, w]);
  expect(Array.from(rgb.values(), (v) => Math.round(v * 255))).toEqual(fx.rgb);
});

describe('SciPy scipy.ndimage references', () => {
  test('sobel-direction/reflect, as angles (mod 2π) where the gradient is not float noise', () => {
    const ours = compute('sobel-direction/reflect').values();
    const magnitude = fx.scipy['sobel/reflect'];
    fx.scipy['sobel-direction/reflect'].forEach((ref, i) => {
      const d = Math.abs(ours[i] - ref) % (2 * Math.PI);
      if (magnitude[i] > 1e-3) expect(Math.min(d, 2 * Math.PI - d), `pixel ${i}`).toBeLessThan(1e-3);
      else if (magnitude[i] < 1e-7) expect(ours[i]).toBe(0);
    });
  });

  test.each(Object.keys(fx.scipy).filter((k) => !k.includes('direction')))('%s', (key) => {
    const out = compute(key);
    expect(out.shape).toEqual(key.startsWith('rgb') ? [3, h, w] : [1, h, w]);
    expect(out).toBeAllClose(fx.scipy[key], { atol: 2e-5, rtol: 1e-5 });
  });
});

describe('OpenCV references', () => {
  test.each(Object.keys(fx.opencv))('%s', (key) => {
    expect(compute(key)).toBeAllClose(fx.opencv[key], { atol: 2e-5, rtol: 1e-5 });
  });
});

test('the motion-blur kernels match the script', () => {
  expect(filters['motion-blur'].kernel!({ length: 7, angle: 30 })).toBeAllClose(fx.kernels['motion-7-30'], { atol: 1e-7 });
  expect(gradientKernel('scharr', 'x').toArray()).toEqual([[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]);
});

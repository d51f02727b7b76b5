import { expect, test } from 'vitest';
import { rgbaToGray, toMnistInput } from '../../src/train/digit-image.js';
import { mnistEmbeddedSplits } from '../../src/train/mnist-mlp.js';

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const corr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const [n, ma, mb] = [a.length, mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) [sab, saa, sbb] = [sab + (a[i] - ma) * (b[i] - mb), saa + (a[i] - ma) ** 2, sbb + (b[i] - mb) ** 2];
  return sab / Math.sqrt(saa * sbb);
};

test('an MNIST digit drawn large, dark on light and off-centre comes back like the original', () => {
  const images = mnistEmbeddedSplits().test.images.dataSync();
  for (let k = 0; k < 20; k++) {
    const digit = images.slice(k * 784, (k + 1) * 784);
    // 4× nearest-neighbour upscale, inverted, pasted at (30, 10) of a 160×130 white page, as RGBA
    const [w, h] = [160, 130];
    const rgba = new Uint8Array(w * h * 4).fill(255);
    for (let y = 0; y < 112; y++)
      for (let x = 0; x < 112; x++) {
        const v = Math.round(255 * (1 - digit[Math.floor(y / 4) * 28 + Math.floor(x / 4)]));
        const o = 4 * ((y + 10) * w + x + 30);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = v;
      }
    const x = toMnistInput(rgbaToGray(w, h, rgba));
    expect(x).toHaveLength(784);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    expect(corr(x, digit), `digit ${k}`).toBeGreaterThan(0.9);
  }
});

test('the result fits a 20×20 box with its centre of mass near (14, 14)', () => {
  const [w, h] = [50, 40];
  const pixels = new Float32Array(w * h);
  for (let y = 5; y < 35; y++) for (let x = 30; x < 36; x++) pixels[y * w + x] = 1; // a bright bar "1" on black
  const out = toMnistInput({ width: w, height: h, pixels });
  let [m, cx, cy, top, bottom] = [0, 0, 0, 28, -1];
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const v = out[y * 28 + x];
      [m, cx, cy] = [m + v, cx + v * x, cy + v * y];
      if (v > 0) [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
    }
  expect(bottom - top + 1).toBe(20);
  expect(Math.abs(cx / m - 14)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(cy / m - 14)).toBeLessThanOrEqual(0.5);
});

test('a blank page gives zeros; a wrong pixel count is an error', () => {
  expect(toMnistInput({ width: 30, height: 30, pixels: new Float32Array(900).fill(0.9) }).every((v) => v === 0)).toBe(true);
  expect(() => toMnistInput({ width: 30, height: 30, pixels: new Float32Array(10) })).toThrow(/expected 30×30 = 900 pixels, got 10/);
});

// The filters page's pure parts: kernel cells typed by the user, and the animation's geometry,
// checked against what F.conv2d and F.convTranspose2d compute.
import { describe, expect, test } from 'vitest';
import { F, randn, tensor } from 'perceptio';
import { formatCell, parseCell, parseCells } from '../../lab/src/pages/filters/kernel-cells.js';
import { checkSettings, convSteps, outputSize, type ConvSettings } from '../../lab/src/pages/filters/conv-geometry.js';
import { kernelDisplay, presetKernel, PRESETS } from '../../lab/src/pages/filters/presets.js';

describe('kernel cells', () => {
  test.each([
    ['1', 1], ['-2', -2], [' 0.25 ', 0.25], ['.5', 0.5], ['0,5', 0.5], ['-0,125', -0.125], ['1/16', 1 / 16], ['-3 / 4', -0.75], ['1e-1', 0.1],
  ])('%j is %d', (text, v) => expect(parseCell(text)).toBeCloseTo(v, 12));

  test.each(['', 'abc', '1/0', '--1', '1,2,3', '2x', 'NaN', 'Infinity', '1/'])('%j is not a number', (text) => expect(parseCell(text)).toBeNull());

  test('a grid with bad cells names every one of them, 1-based', () => {
    const r = parseCells([['1', 'x', '0'], ['0', '1', ''], ['1/9', '2', '3']]);
    expect(r).toEqual({ ok: false, errors: [{ row: 1, column: 2, text: 'x' }, { row: 2, column: 3, text: '' }] });
    expect(parseCells([['1/4', '1/4'], ['1/4', '0,25']])).toEqual({ ok: true, rows: [[0.25, 0.25], [0.25, 0.25]] });
  });

  test('cells are shown short', () => {
    expect([1, -2, 0.0625, 1 / 3, 0.0000001].map(formatCell)).toEqual(['1', '-2', '0.0625', '0.3333', '0']);
  });

  test('every preset with a kernel shows a square odd kernel of at most 7×7; the median has none', () => {
    for (const p of PRESETS) {
      const k = presetKernel(p);
      if (p === 'median') expect(k).toBeNull();
      else {
        expect(k!.length % 2, p).toBe(1);
        expect(k!.length, p).toBeLessThanOrEqual(7);
        expect(k!.every((r) => r.length === k!.length), p).toBe(true);
      }
    }
    expect(presetKernel('sobel-x')).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
    expect(kernelDisplay(presetKernel('sobel-x')!)).toBe('signed');
    expect(kernelDisplay(presetKernel('sharpen')!)).toBe('clip');
  });
});

describe('convolution geometry of the animation', () => {
  const settings: ConvSettings[] = [];
  for (const size of [3, 5, 6])
    for (const stride of [1, 2, 3])
      for (const padding of [0, 1, 2])
        for (const dilation of [1, 2])
          for (const transposed of [false, true]) settings.push({ size, kernel: 3, stride, padding, dilation, transposed });
  const usable = settings.filter((s) => checkSettings(s) === null);

  test('settings whose output would be empty are refused', () => {
    expect(checkSettings({ size: 3, kernel: 3, stride: 1, padding: 0, dilation: 2, transposed: false })).toBe('empty');
    expect(usable.length).toBeGreaterThan(80);
  });

  test.each(usable.map((s) => [JSON.stringify(s), s] as const))('%s: the steps compute what conv2d / convTranspose2d compute', (_, s) => {
    const x = randn([1, 1, s.size, s.size]);
    const w = randn([1, 1, 3, 3]);
    const [xv, wv] = [x.values(), w.values()];
    const out = outputSize(s);
    const mine = new Float64Array(out * out);
    for (const { at: [i, j], taps } of convSteps(s))
      for (const [r, c, a, b] of taps) {
        if (!s.transposed) {
          // gather: taps in the padding read zeros
          if (r >= 0 && r < s.size && c >= 0 && c < s.size) mine[i * out + j] += xv[r * s.size + c] * wv[a * 3 + b];
        } else if (r >= 0 && r < out && c >= 0 && c < out) mine[r * out + c] += xv[i * s.size + j] * wv[a * 3 + b]; // scatter, padding crops
      }
    const opts = { stride: s.stride, padding: s.padding, dilation: s.dilation };
    const ref = s.transposed ? F.convTranspose2d(x, w, null, opts) : F.conv2d(x, w, null, opts);
    expect(ref.shape).toEqual([1, 1, out, out]);
    expect(tensor(Float32Array.from(mine), { shape: [1, 1, out, out] })).toBeAllClose(ref, { atol: 1e-5 });
  });
});

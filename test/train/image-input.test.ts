import { describe, expect, test } from 'vitest';
import { toMnistInput } from '../../src/train/digit-image.js';

describe('toMnistInput with a box centred in the field (Fashion-MNIST, Quick, Draw!)', () => {
  // a 40×20 dark bar on white paper, off-centre in a 60×30 picture
  const w = 60;
  const h = 30;
  const pixels = Float32Array.from({ length: w * h }, (_, i) => (i % w >= 15 && i % w < 55 && Math.floor(i / w) >= 8 && Math.floor(i / w) < 28 ? 0 : 1));
  const inked = (x: Float32Array) => {
    const rows = new Set<number>();
    const cols = new Set<number>();
    x.forEach((v, i) => v > 0.5 && (rows.add(Math.floor(i / 28)), cols.add(i % 28)));
    return { rows: [Math.min(...rows), Math.max(...rows)], cols: [Math.min(...cols), Math.max(...cols)] };
  };

  test('box 26: the longer side becomes 26 pixels, the box sits in the middle of 28×28', () => {
    // 40×20 → 26×13, placed from column (28 − 26)/2 = 1 and row ⌊(28 − 13)/2⌋ = 7
    expect(inked(toMnistInput({ width: w, height: h, pixels }, { box: 26, centre: 'box' }))).toEqual({ rows: [7, 19], cols: [1, 26] });
    expect(inked(toMnistInput({ width: w, height: h, pixels }, { box: 28, centre: 'box' }))).toEqual({ rows: [7, 20], cols: [0, 27] });
  });

  test('the default is still MNIST\'s 20×20 box placed by its centre of mass', () => {
    // 20×10 with its centre of mass at (9.5, 4.5) moved to pixel 14: offsets round(4.5) = 5, round(9.5) = 10
    expect(inked(toMnistInput({ width: w, height: h, pixels }))).toEqual({ rows: [10, 19], cols: [5, 24] });
    expect(() => toMnistInput({ width: w, height: h, pixels }, { box: 30 })).toThrow('toMnistInput: box must be an integer in [1, 28], got 30');
  });
});

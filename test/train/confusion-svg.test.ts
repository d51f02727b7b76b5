import { describe, expect, test } from 'vitest';
import { confusionSvg } from '../../src/train/confusion-svg.js';
import { confusionMatrix } from '../../src/train/metrics.js';

describe('confusionSvg', () => {
  const m = confusionMatrix([0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 1, 2, 2, 0, 2], 3);
  const svg = confusionSvg(m, ['T-shirt/top', 'Bag & <box>', 'Ankle boot'], { title: 'Fashion "test"' });

  test('a standalone SVG with the title, axis names and every class name escaped on both axes', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Fashion &quot;test&quot;');
    expect(svg).toContain('predicted class');
    expect(svg).toContain('true class');
    expect(svg).not.toContain('<box>');
    expect(svg.match(/>Bag &amp; &lt;box&gt;<\/text>/g)).toHaveLength(2); // row and column label
    expect(svg.match(/>T-shirt\/top<\/text>/g)).toHaveLength(2);
  });

  test('one cell per pair with its count, shaded by its share of the true class', () => {
    const cells = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="44" height="44" fill="rgb\((\d+),(\d+),(\d+)\)"[^>]*><title>true ([^,]+), predicted ([^:]+): (\d+)<\/title>/g)];
    expect(cells).toHaveLength(9);
    const byPair = new Map(cells.map((c) => [`${c[4]}|${c[5]}`, { red: Number(c[1]), count: Number(c[6]) }]));
    expect(byPair.get('T-shirt/top|T-shirt/top')).toEqual({ red: Math.round(255 - (247 * 2) / 3), count: 2 });
    expect(byPair.get('Ankle boot|T-shirt/top')!.count).toBe(1);
    expect(byPair.get('Bag &amp; &lt;box&gt;|Ankle boot')).toEqual({ red: 255, count: 0 }); // empty cells stay white
    expect(byPair.get('Bag &amp; &lt;box&gt;|Bag &amp; &lt;box&gt;')!.red).toBe(8); // a whole row in one cell: darkest
    const counts = [...svg.matchAll(/text-anchor="middle" fill="(?:white|black)">(\d+)<\/text>/g)].map((c) => Number(c[1]));
    expect(counts).toEqual(m.flat());
  });

  test('a matrix that is not square, or names that do not match it, are errors', () => {
    expect(() => confusionSvg([[1, 2]], ['a'])).toThrow('confusionSvg: expected a square matrix, got 1 rows of lengths [2]');
    expect(() => confusionSvg(m, ['a', 'b'])).toThrow('confusionSvg: 2 class names for a 3×3 matrix');
  });
});

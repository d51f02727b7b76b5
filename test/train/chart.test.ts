import { expect, test } from 'vitest';
import { lineChart, lossChart } from '../../src/train/index.js';
import { ticks } from '../../src/train/chart.js';

test('lossChart draws train and validation curves as a standalone SVG', () => {
  const svg = lossChart([
    { epoch: 1, loss: 0.9, valLoss: 0.8 },
    { epoch: 2, loss: 0.5, valLoss: 0.55 },
    { epoch: 3, loss: 0.3, valLoss: 0.4 },
  ]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const paths = [...svg.matchAll(/<path d="(M[^"]+)" fill="none" stroke="#[0-9a-f]+" stroke-width="2"><title>([^<]+)</g)];
  expect(paths.map((m) => m[2])).toEqual(['train loss', 'validation loss']);
  expect(paths[0][1].match(/[ML]/g)).toEqual(['M', 'L', 'L']);
  expect(svg).toContain('>epoch</text>');
});

test('a gap in a series breaks the line; names are escaped; one point and constant values work', () => {
  const svg = lineChart([{ name: 'a<b & "c"', values: [1, undefined, 1, 1] }]);
  expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
  const d = svg.match(/<path d="(M[^"]+)" fill="none" stroke="#[0-9a-f]+" stroke-width="2"/)![1];
  expect(d.match(/[ML]/g)).toEqual(['M', 'M', 'L']);
  expect(lineChart([{ name: 'one', values: [2] }])).not.toMatch(/NaN|Infinity/);
});

test('ticks are round numbers covering the range', () => {
  expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  expect(ticks(0.13, 0.47)).toEqual([0.2, 0.3, 0.4]);
  expect(ticks(3, 3)).toEqual([3]);
});

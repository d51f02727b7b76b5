import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, test } from 'vitest';
import { cli } from '../helpers/cli.js';
import { applyFilter, gaussianBlur, gradientMagnitude, readImage, sharpenKernel } from '../../src/vision/index.js';

const dir = mkdtempSync(join(tmpdir(), 'perceptio-filter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A 40×30 synthetic photo: a soft colour gradient with a bright square (sharp vertical edges at x = 12, 28).
const [W, H] = [40, 30];
const rgba = new Uint8Array(W * H * 4);
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    const inside = x >= 12 && x < 28 && y >= 8 && y < 22;
    const i = 4 * (y * W + x);
    rgba.set([inside ? 230 : 40 + 2 * x, inside ? 220 : 60 + 3 * y, inside ? 200 : 90, 255], i);
  }
}
const jpgFile = join(dir, 'photo.jpg');
writeFileSync(jpgFile, jpeg.encode({ width: W, height: H, data: rgba }, 92).data);
const gray = new PNG({ width: W, height: H });
for (let i = 0; i < W * H; i++) gray.data.set([rgba[4 * i + 1], rgba[4 * i + 1], rgba[4 * i + 1], 255], 4 * i);
const pngFile = join(dir, 'gray.png');
writeFileSync(pngFile, PNG.sync.write(gray));
const bytesOf = (file: string) => Array.from(readImage(file).values(), (v) => Math.round(v * 255));

describe('perceptio filter on real files (acceptance 4)', () => {
  test('a JPEG through --kernel sobel -o edges.png: the PNG holds the gradient magnitude, stretched to white', async () => {
    const out = join(dir, 'edges.png');
    const r = await cli('filter', jpgFile, '--kernel', 'sobel', '-o', out, '--json');
    expect(r.code, r.err).toBe(0);
    const info = JSON.parse(r.out);
    expect(info).toMatchObject({ filter: 'sobel', output: out, border: 'reflect', range: 'stretch', shape: [3, H, W] });
    const edges = readImage(out, { mode: 'rgb' });
    expect(edges.shape).toEqual([3, H, W]);
    const expected = gradientMagnitude(readImage(jpgFile));
    expect(info.max).toBeCloseTo(expected.max().item(), 4);
    expect(edges).toBeAllClose(expected.div(info.max), { atol: 0.5 / 255 + 1e-6 });
    const g = edges.values();
    const at = (c: number, y: number, x: number) => g[c * H * W + y * W + x];
    expect(at(1, 15, 12)).toBeGreaterThan(0.3); // the square's left edge
    expect(at(1, 15, 20)).toBeLessThan(0.1); // its flat inside
  });

  test('a PNG through a custom matrix with --border replicate is exactly the library result', async () => {
    const out = join(dir, 'sharp.png');
    const r = await cli('filter', pngFile, '--kernel', '0,-1,0;-1,5,-1;0,-1,0', '--border', 'replicate', '-o', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/custom \(3×3 kernel\) on .*gray\.png \(40×30, gray\), border replicate → .*sharp\.png/);
    const expected = applyFilter(readImage(pngFile), sharpenKernel(), { border: 'replicate' }).clamp(0, 1);
    expect(readImage(out).shape).toEqual([1, H, W]);
    expect(bytesOf(out)).toEqual(Array.from(expected.values(), (v) => Math.round(v * 255)));
  });

  test('--kernel gaussian --sigma 2 writes a JPEG that reads back close to the blur', async () => {
    const out = join(dir, 'soft.jpg');
    const r = await cli('filter', jpgFile, '-k', 'gaussian', '--sigma', '2', '-o', out, '--quality', '95', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).params).toEqual({ sigma: 2 });
    const expected = gaussianBlur(readImage(jpgFile), 2);
    expect(readImage(out)).toBeAllClose(expected, { atol: 0.05 });
  });

  test('--normalize turns a matrix of ones into a box blur; the default name sits beside the input', async () => {
    const r = await cli('filter', pngFile, '--kernel', '1,1,1;1,1,1;1,1,1', '--normalize', '--json');
    expect(r.code, r.err).toBe(0);
    const info = JSON.parse(r.out);
    expect(info.output).toBe(join(dir, 'gray-custom.png'));
    expect(info.kernel[1][1]).toBeCloseTo(1 / 9, 6);
  });
});

describe('perceptio filter --list and errors', () => {
  test('--help prints the usage; the dispatcher lists the command', async () => {
    expect((await cli('filter', '--help')).out).toMatch(/^Usage: perceptio filter <image\.png\|\.jpg> --kernel/);
    expect((await cli('--help')).out).toMatch(/^  filter +apply a classic image filter/m);
  });

  test('--list names every filter with a description', async () => {
    const r = await cli('filter', '--list');
    expect(r.code).toBe(0);
    for (const name of ['identity', 'box', 'gaussian', 'sharpen', 'unsharp', 'sobel-x', 'scharr-direction', 'prewitt', 'laplacian-8', 'emboss', 'edge-enhance', 'motion-blur', 'median'])
      expect(r.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    const j = JSON.parse((await cli('filter', '--list', '--json')).out);
    expect(j.borders).toEqual(['zero', 'replicate', 'reflect', 'circular']);
    expect(j.filters.find((f: { name: string }) => f.name === 'gaussian').params).toEqual(['sigma']);
  });

  test('a file that is not an image: exit 1, naming the file', async () => {
    const txt = join(dir, 'notes.txt');
    writeFileSync(txt, 'not a picture');
    const r = await cli('filter', txt, '--kernel', 'sobel');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${txt} is not a PNG or JPEG image`);
    expect((await cli('filter', join(dir, 'nope.png'), '--kernel', 'sobel')).err).toMatch(/cannot read .*nope\.png: ENOENT/);
  });

  test.each([
    [['--kernel', '0,-1,0;-1,five,-1;0,-1,0'], /unreadable --kernel: row 2, column 2: 'five' is not a number/],
    [['--kernel', '1,2,3;4,5'], /unreadable --kernel: row 2 has 2 values, row 1 has 3/],
    [['--kernel', '1,1;1,1'], /--kernel "1,1;1,1" is 2×2: a filter needs odd sizes .* centre pixel/],
    [['--kernel', 'box', '--size', '4'], /size must be a positive odd integer .*got 4/],
    [['--kernel', 'median', '--size', '2'], /--size must be a positive odd integer .*got 2/],
    [['--kernel', 'sobell'], /unknown filter 'sobell' \(run 'perceptio filter --list'\)/],
    [['--kernel', 'sobel', '--sigma', '2'], /--sigma does not apply to 'sobel' \(it takes no parameters\)/],
    [['--kernel', 'gaussian', '--sigma', 'wide'], /--sigma expects a number, got "wide"/],
    [['--kernel', 'sobel', '--border', 'diagonal'], /--border must be one of zero, replicate, reflect, circular, got 'diagonal'/],
    [['--kernel', 'sobel', '-o', 'edges.gif'], /cannot tell the image format of edges\.gif/],
    [['--kernel', '0,0,0;0,1,-1;0,0,0', '--normalize'], /sum to 0/],
    [[], /which filter\?/],
  ])('%j: exit 2 with a clear message', async (args, message) => {
    const r = await cli('filter', pngFile, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, test } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import { decodeImage, encodeImage, readImage, rgbaToTensor, sniffFormat, tensorToRgba, toGrayscale, toRgb, writeImage } from 'perceptio/vision';

const dir = mkdtempSync(join(tmpdir(), 'perceptio-vision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte value appears: a 16×16×C image of (i·37 + c·101) mod 256. */
function bytes(c: number, h = 16, w = 16): Uint8Array {
  return Uint8Array.from({ length: c * h * w }, (_, i) => (i * 37 + Math.floor(i / (h * w)) * 101) % 256);
}
const asTensor = (b: Uint8Array, c: number, h = 16, w = 16) => tensor(Float32Array.from(b, (v) => v / 255), { shape: [c, h, w] });
const toBytes = (t: ReturnType<typeof readImage>) => Array.from(t.values(), (v) => Math.round(v * 255));

describe('PNG', () => {
  test.each([
    [1, 'gray'],
    [3, 'rgb'],
    [4, 'rgba'],
  ] as const)('%i channels round-trip bit-exactly through a file (mode %s)', (c, mode) => {
    const b = bytes(c);
    const file = join(dir, `c${c}.png`);
    writeImage(file, asTensor(b, c));
    const back = readImage(file, { mode });
    expect(back.shape).toEqual([c, 16, 16]);
    expect(back.dtype).toBe('float32');
    expect(toBytes(back)).toEqual(Array.from(b));
    const png = PNG.sync.read(readFileSync(file)); // written in its own colour type
    expect((png as unknown as { colorType: number }).colorType).toBe({ 1: 0, 3: 2, 4: 6 }[c]);
  });

  test("'auto' gives one channel for gray pixels, three for colour; alpha is dropped unless asked for", () => {
    const gray = readImage(encodeImage(asTensor(bytes(1), 1), 'png'));
    expect(gray.shape).toEqual([1, 16, 16]);
    const rgba = encodeImage(asTensor(bytes(4), 4), 'png');
    expect(readImage(rgba).shape).toEqual([3, 16, 16]);
    expect(toBytes(readImage(rgba))).toEqual(Array.from(bytes(4).subarray(0, 3 * 256)));
    expect(readImage(rgba, { batch: true }).shape).toEqual([1, 3, 16, 16]);
  });

  test('gray mode is BT.601 luma, the same as toGrayscale', () => {
    const img = { width: 2, height: 1, data: Uint8Array.from([255, 0, 0, 255, 10, 200, 30, 255]) };
    expect(rgbaToTensor(img, 'gray')).toBeAllClose([[[0.299, (0.299 * 10 + 0.587 * 200 + 0.114 * 30) / 255]]], { atol: 1e-7 });
    expect(toGrayscale(rgbaToTensor(img, 'rgb'))).toBeAllClose(rgbaToTensor(img, 'gray'), { atol: 1e-7 });
    expect(toRgb(rgbaToTensor(img, 'gray')).shape).toEqual([3, 1, 2]);
    expect(toGrayscale(rgbaToTensor(img, 'rgba').unsqueeze(0)).shape).toEqual([1, 1, 1, 2]);
  });

  test('values outside [0, 1] are clamped when written; NaN becomes 0', () => {
    const out = tensorToRgba(tensor([[[-0.5, 0.5, 1.5, NaN]]]));
    expect(Array.from(out.data.filter((_, i) => i % 4 === 0))).toEqual([0, 128, 255, 0]);
  });
});

describe('JPEG', () => {
  test('an RGB image round-trips within JPEG loss; quality 100 is closer than quality 50', () => {
    // smooth content: JPEG's 8×8 DCT keeps it well
    const h = 24;
    const w = 32;
    const data = new Float32Array(3 * h * w).map((_, i) => {
      const [c, y, x] = [Math.floor(i / (h * w)), Math.floor(i / w) % h, i % w];
      return 0.5 + 0.4 * Math.sin((x + 2 * c) / 6) * Math.cos(y / 5);
    });
    const img = tensor(data, { shape: [3, h, w] });
    const file = join(dir, 'smooth.jpg');
    writeImage(file, img, { quality: 95 });
    expect(sniffFormat(readFileSync(file))).toBe('jpeg');
    const back = readImage(file);
    expect(back.shape).toEqual([3, h, w]);
    expect(back).toBeAllClose(img, { atol: 0.04 });
    const err = (q: number) => readImage(encodeImage(img, 'jpeg', { quality: q })).sub(img).abs().mean().item();
    expect(err(100)).toBeLessThan(err(50));
    expect(err(100)).toBeLessThan(0.01);
  });

  test("a gray image stays one channel through JPEG ('auto': its chroma decodes to exactly R = G = B)", () => {
    const g = asTensor(bytes(1), 1);
    const back = readImage(encodeImage(g, 'jpeg', { quality: 80 }));
    expect(back.shape).toEqual([1, 16, 16]);
  });

  test('a JPEG made by jpeg-js itself decodes to its pixels', () => {
    const data = new Uint8Array(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : 128 + ((i >> 2) % 16)));
    const bytesJpg = jpeg.encode({ width: 16, height: 16, data }, 100).data;
    const t = readImage(bytesJpg);
    expect(t.shape[1]).toBe(16);
    expect(toBytes(t.slice(0, 0, 1)).every((v, i) => Math.abs(v - data[4 * i]) <= 3)).toBe(true);
  });
});

describe('errors', () => {
  test('a file that is not an image is named, with its first bytes', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello');
    expect(() => readImage(file)).toThrow(`${file} is not a PNG or JPEG image (it starts with bytes 68 65 6c 6c)`);
    expect(() => decodeImage(new Uint8Array(0))).toThrow(/image is not a PNG or JPEG image \(it starts with bytes \(empty file\)\)/);
  });

  test('a missing file, a damaged PNG, a bad extension and a bad shape', () => {
    expect(() => readImage(join(dir, 'missing.png'))).toThrow(/cannot read .*missing\.png: ENOENT/);
    const png = encodeImage(asTensor(bytes(3), 3), 'png');
    expect(() => readImage(png.subarray(0, 60))).toThrow(/image is a damaged PNG file/);
    expect(() => writeImage(join(dir, 'x.gif'), asTensor(bytes(1), 1))).toThrow(/cannot tell the image format of .*x\.gif/);
    expect(() => encodeImage(tensor([[[[1]]], [[[1]]]]), 'png')).toThrow(/expected an image .* got \[2, 1, 1, 1\]/);
  });
});

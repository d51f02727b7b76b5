import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { tensor } from '../tensor/create.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * How many channels an image becomes: 'auto' gives one channel when every pixel has R = G = B and
 * three otherwise; 'gray' converts with BT.601 luma; 'rgba' keeps alpha. Every mode but 'rgba'
 * drops alpha (it is discarded, not composited over a background).
 */
export type ColorMode = 'auto' | 'gray' | 'rgb' | 'rgba';
export type ImageFormat = 'png' | 'jpeg';

/** Decoded 8-bit pixels, interleaved RGBA, as both codecs return them. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/** The format named by a file's first bytes (magic numbers), or null for anything else. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  const starts = (magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
  return starts(PNG_MAGIC) ? 'png' : starts(JPEG_MAGIC) ? 'jpeg' : null;
}

/** Decodes PNG or JPEG bytes (told apart by their magic numbers) into 8-bit RGBA. */
export function decodeImage(bytes: Uint8Array, name = 'image'): RgbaImage {
  const format = sniffFormat(bytes);
  if (!format) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`${name} is not a PNG or JPEG image (it starts with bytes ${head || '(empty file)'})`);
  }
  try {
    if (format === 'png') {
      // 16-bit PNGs are rescaled to 8 bits by pngjs
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false });
    return { width: img.width, height: img.height, data: img.data };
  } catch (e) {
    throw new Error(`${name} is a damaged ${format.toUpperCase()} file: ${(e as Error).message}`);
  }
}

/** BT.601 luma weights, as JPEG, PIL's convert('L') and OpenCV's cvtColor use. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * RGBA pixels as a float32 tensor [C, H, W] with values in [0, 1] (value / 255).
 * Example: rgbaToTensor({ width: 2, height: 1, data }, 'gray') // [1, 1, 2]
 */
export function rgbaToTensor(img: RgbaImage, mode: ColorMode = 'auto'): Tensor {
  const { width: w, height: h, data } = img;
  const n = w * h;
  let channels: number;
  if (mode === 'auto') {
    channels = 1;
    for (let i = 0; i < n; i++) {
      if (data[4 * i] !== data[4 * i + 1] || data[4 * i] !== data[4 * i + 2]) {
        channels = 3;
        break;
      }
    }
  } else channels = mode === 'gray' ? 1 : mode === 'rgb' ? 3 : 4;
  const out = new Float32Array(channels * n);
  if (channels === 1 && mode === 'gray') {
    for (let i = 0; i < n; i++) out[i] = (LUMA[0] * data[4 * i] + LUMA[1] * data[4 * i + 1] + LUMA[2] * data[4 * i + 2]) / 255;
  } else {
    for (let c = 0; c < channels; c++) for (let i = 0; i < n; i++) out[c * n + i] = data[4 * i + c] / 255;
  }
  return tensor(out, { shape: [channels, h, w] });
}

/** The [C, H, W] view of an image tensor of shape [H, W], [C, H, W] or [1, C, H, W]. */
function asChw(x: Tensor, op: string): Tensor {
  const s = x.shape;
  const t = x.ndim === 2 ? x.reshape([1, s[0], s[1]]) : x.ndim === 3 ? x : x.ndim === 4 && s[0] === 1 ? x.reshape(s.slice(1)) : null;
  if (!t || ![1, 3, 4].includes(t.shape[0]))
    throw new Error(`${op}: expected an image [H, W], [C, H, W] or [1, C, H, W] with C = 1, 3 or 4, got ${fmt(s)}`);
  return t;
}

/**
 * An image tensor with values in [0, 1] as 8-bit RGBA: round(clamp(v, 0, 1) · 255); one channel
 * is copied to R, G and B, and alpha is 255 unless the tensor has a fourth channel.
 */
export function tensorToRgba(x: Tensor): RgbaImage {
  const t = asChw(x, 'tensorToRgba');
  const [c, h, w] = t.shape;
  const v = t.float().values();
  const n = h * w;
  const data = new Uint8Array(4 * n);
  const byte = (f: number) => (f >= 1 ? 255 : f > 0 ? Math.round(f * 255) : 0); // NaN → 0
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) data[4 * i + k] = byte(v[(c === 1 ? 0 : k) * n + i]);
    data[4 * i + 3] = c === 4 ? byte(v[3 * n + i]) : 255;
  }
  return { width: w, height: h, data };
}

/** Reads a PNG or JPEG file (or its bytes) as a float32 tensor [C, H, W] in [0, 1]; batch adds N = 1. */
export function readImage(source: string | Uint8Array, { mode = 'auto', batch = false }: { mode?: ColorMode; batch?: boolean } = {}): Tensor {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    try {
      bytes = readFileSync(source);
    } catch (e) {
      throw new Error(`cannot read ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else bytes = source;
  const t = rgbaToTensor(decodeImage(bytes, typeof source === 'string' ? source : 'image'), mode);
  return batch ? t.reshape([1, ...t.shape]) : t;
}

/**
 * Encodes an image tensor ([H, W], [C, H, W] or [1, C, H, W], values in [0, 1]) as PNG (8-bit,
 * gray, RGB or RGBA as the channels say) or JPEG (quality 1–100, default 90; alpha dropped).
 */
export function encodeImage(x: Tensor, format: ImageFormat, { quality = 90 }: { quality?: number } = {}): Uint8Array {
  const c = asChw(x, 'encodeImage').shape[0];
  const img = tensorToRgba(x);
  if (format === 'jpeg') {
    if (!(quality >= 1 && quality <= 100)) throw new Error(`encodeImage: JPEG quality must be in [1, 100], got ${quality}`);
    return jpeg.encode({ width: img.width, height: img.height, data: img.data }, quality).data;
  }
  const n = img.width * img.height;
  const colorType = c === 1 ? 0 : c === 3 ? 2 : 6;
  let data: Uint8Array = img.data;
  if (c !== 4) {
    data = new Uint8Array(c * n); // pngjs packs input of the output's own colour type as it is
    for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) data[c * i + k] = img.data[4 * i + k];
  }
  const png = { width: img.width, height: img.height, data: Buffer.from(data.buffer, data.byteOffset, data.length) } as PNG;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: c === 4 });
}

/** The format a file name asks for: .png, or .jpg / .jpeg. */
export function formatOf(path: string): ImageFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  throw new Error(`cannot tell the image format of ${path}: use a .png, .jpg or .jpeg name`);
}

/**
 * Writes an image tensor to a .png or .jpg/.jpeg file, the format chosen by the extension.
 * Example: writeImage('edges.png', sobel(readImage('photo.jpg')))
 */
export function writeImage(path: string, x: Tensor, opts: { quality?: number } = {}): void {
  writeFileSync(path, encodeImage(x, formatOf(path), opts));
}

/** BT.601 luma of an RGB(A) image, Y = 0.299 R + 0.587 G + 0.114 B, keeping the channel axis ([…, 1, H, W]); gray stays as is. */
export function toGrayscale(x: Tensor): Tensor {
  const ax = x.ndim - 3;
  const c = x.shape[ax];
  if (x.ndim < 3 || ![1, 3, 4].includes(c)) throw new Error(`toGrayscale: expected […, C, H, W] with C = 1, 3 or 4, got ${fmt(x.shape)}`);
  if (c === 1) return x;
  const weights = tensor(new Float32Array(LUMA), { shape: [3, 1, 1] });
  return x.slice(ax, 0, 3).mul(weights).sum(ax, true);
}

/** Three channels from one (copied) or four (alpha dropped); RGB stays as is. */
export function toRgb(x: Tensor): Tensor {
  const ax = x.ndim - 3;
  const c = x.shape[ax];
  if (x.ndim < 3 || ![1, 3, 4].includes(c)) throw new Error(`toRgb: expected […, C, H, W] with C = 1, 3 or 4, got ${fmt(x.shape)}`);
  if (c === 3) return x;
  if (c === 4) return x.slice(ax, 0, 3);
  return x.expand(x.shape.map((s, i) => (i === ax ? 3 : s)));
}

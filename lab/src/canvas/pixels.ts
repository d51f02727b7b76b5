// Canvas pixels ↔ tensors. perceptio/vision decodes files with node codecs; in the browser the
// canvas has already decoded the image, so these only reorder bytes. Pure: tested in Node.
import { tensor, type Tensor } from 'perceptio';

/** The fields of ImageData this module reads or writes (ImageData itself does not exist in Node). */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** RGBA bytes → [C, H, W] in [0, 1]: 'gray' by BT.601 luma (as perceptio/vision), 'rgb' keeps colour; alpha over white. */
export function rgbaToTensor({ width: w, height: h, data }: Rgba, mode: 'gray' | 'rgb'): Tensor {
  const c = mode === 'gray' ? 1 : 3;
  const out = new Float32Array(c * w * h);
  for (let i = 0; i < w * h; i++) {
    const a = data[4 * i + 3] / 255;
    // transparent pixels are paper: a drawing on a cleared canvas reads as ink on white
    const [r, g, b] = [0, 1, 2].map((k) => (a * data[4 * i + k]) / 255 + (1 - a));
    if (c === 1) out[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    else [out[i], out[w * h + i], out[2 * w * h + i]] = [r, g, b];
  }
  return tensor(out, { shape: [c, h, w] });
}

/** [C, H, W] (C = 1 or 3) values in [0, 1] (clamped) → opaque RGBA bytes. */
export function tensorToRgba(x: Tensor): Rgba {
  if (x.ndim !== 3 || (x.shape[0] !== 1 && x.shape[0] !== 3)) throw new Error(`tensorToRgba: expected [1|3, H, W], got [${x.shape.join(', ')}]`);
  const [c, h, w] = x.shape;
  const v = x.contiguous().values();
  const data = new Uint8ClampedArray(4 * w * h);
  for (let i = 0; i < w * h; i++) {
    for (let k = 0; k < 3; k++) data[4 * i + k] = Math.round(255 * Math.min(1, Math.max(0, v[(c === 1 ? 0 : k) * w * h + i])));
    data[4 * i + 3] = 255;
  }
  return { width: w, height: h, data };
}

/**
 * Values → RGBA for a heatmap. Signed maps put 0 at white, negatives blue and positives red, scaled by
 * max |v| (so the colour says the sign, the depth the size); unsigned maps go white → dark by v / max.
 */
export function heatmapRgba(values: ArrayLike<number>, width: number, height: number, { signed = false } = {}): Rgba {
  let big = 0;
  for (let i = 0; i < width * height; i++) big = Math.max(big, Math.abs(values[i]));
  const data = new Uint8ClampedArray(4 * width * height);
  for (let i = 0; i < width * height; i++) {
    const t = big > 0 ? values[i] / big : 0;
    const [r, g, b] = signed
      ? t >= 0 ? [255, 255 * (1 - t), 255 * (1 - t)] : [255 * (1 + t), 255 * (1 + t), 255]
      : [255 * (1 - t), 255 * (1 - 0.8 * t), 255 * (1 - 0.4 * t)];
    data.set([r, g, b, 255], 4 * i);
  }
  return { width, height, data };
}

/** Paints RGBA onto a canvas of the same pixel size (CSS may scale it up; image-rendering keeps pixels sharp). */
export function paint(canvas: HTMLCanvasElement, img: Rgba): void {
  // resizing clears and reallocates the canvas: only when the size changes
  if (canvas.width !== img.width) canvas.width = img.width;
  if (canvas.height !== img.height) canvas.height = img.height;
  const ctx = canvas.getContext('2d')!;
  const data = new ImageData(new Uint8ClampedArray(img.data), img.width, img.height);
  ctx.putImageData(data, 0, 0);
}

/** A grayscale image: one intensity per pixel, row-major, any range. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: ArrayLike<number>;
}

/** RGBA bytes (as PNG decoders give them) → luminance in [0, 1], transparent pixels as white paper. */
export function rgbaToGray(width: number, height: number, rgba: ArrayLike<number>): GrayImage {
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const a = rgba[4 * i + 3] / 255;
    const lum = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255; // ITU-R BT.601
    pixels[i] = a * lum + (1 - a);
  }
  return { width, height, pixels };
}

/** Mean of the border pixels: the background's brightness. */
function borderMean({ width: w, height: h, pixels: p }: GrayImage): number {
  let s = 0;
  let n = 0;
  for (let x = 0; x < w; x++) [s, n] = [s + p[x] + p[(h - 1) * w + x], n + 2];
  for (let y = 1; y < h - 1; y++) [s, n] = [s + p[y * w] + p[y * w + w - 1], n + 2];
  return s / n;
}

/**
 * Prepares a photo or drawing of one digit the way MNIST was made: ink bright on black (inverted
 * when the background is light), the ink's bounding box scaled to fit 20×20 keeping its aspect
 * ratio (area averaging), then placed in a 28×28 field so its centre of mass sits at the centre.
 * Returns 784 values in [0, 1], row-major. Other datasets were made alike with another box and the
 * box's centre at the centre (Fashion-MNIST: box 28; Quick, Draw!: box 26), which `opts` selects.
 * Example: const x = tensor(toMnistInput(rgbaToGray(png.width, png.height, png.data)), { shape: [1, 784] });
 */
export function toMnistInput(img: GrayImage, { box = 20, centre = 'mass' }: { box?: number; centre?: 'mass' | 'box' } = {}): Float32Array {
  const { width: w, height: h } = img;
  if (w < 1 || h < 1 || img.pixels.length !== w * h)
    throw new Error(`toMnistInput: expected ${w}×${h} = ${w * h} pixels, got ${img.pixels.length}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < w * h; i++) [lo, hi] = [Math.min(lo, img.pixels[i]), Math.max(hi, img.pixels[i])];
  const span = hi - lo || 1;
  const invert = borderMean(img) > (lo + hi) / 2;
  const ink = Float32Array.from({ length: w * h }, (_, i) => {
    const v = (img.pixels[i] - lo) / span;
    return invert ? 1 - v : v;
  });
  // faint noise in the background must not stretch the bounding box
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (ink[y * w + x] > 0.1) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const out = new Float32Array(784);
  if (x1 < 0) return out; // a blank image
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  if (!(Number.isInteger(box) && box >= 1 && box <= 28)) throw new Error(`toMnistInput: box must be an integer in [1, 28], got ${box}`);
  const scale = box / Math.max(bw, bh);
  const sw = Math.max(1, Math.round(bw * scale));
  const sh = Math.max(1, Math.round(bh * scale));
  const small = resizeArea(ink, w, x0, y0, bw, bh, sw, sh);
  // centre of mass of the scaled digit, moved to pixel (14, 14) of the 28×28 field (MNIST's
  // digits have theirs there, measured in pixel indices)
  let [m, cx, cy] = [0, 0, 0];
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      const v = small[y * sw + x];
      [m, cx, cy] = [m + v, cx + v * x, cy + v * y];
    }
  // or the box's centre at the centre of the field
  const ox = centre === 'mass' ? Math.round(14 - cx / m) : Math.floor((28 - sw) / 2);
  const oy = centre === 'mass' ? Math.round(14 - cy / m) : Math.floor((28 - sh) / 2);
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      const [tx, ty] = [x + ox, y + oy];
      if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28) out[ty * 28 + tx] = Math.min(1, Math.max(0, small[y * sw + x]));
    }
  return out;
}

/** Area-averaging resize of the box (x0, y0, bw, bh) of a w-wide image to sw × sh. */
function resizeArea(src: Float32Array, w: number, x0: number, y0: number, bw: number, bh: number, sw: number, sh: number): Float32Array {
  const out = new Float32Array(sw * sh);
  const fx = bw / sw;
  const fy = bh / sh;
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      // the source rectangle [ax, bx) × [ay, by) covered by output pixel (x, y), with partial pixels weighted
      const [ax, bx, ay, by] = [x * fx, (x + 1) * fx, y * fy, (y + 1) * fy];
      let s = 0;
      for (let sy = Math.floor(ay); sy < Math.ceil(by); sy++) {
        const wy = Math.min(by, sy + 1) - Math.max(ay, sy);
        for (let sx = Math.floor(ax); sx < Math.ceil(bx); sx++) {
          const wx = Math.min(bx, sx + 1) - Math.max(ax, sx);
          s += wx * wy * src[(y0 + sy) * w + x0 + sx];
        }
      }
      out[y * sw + x] = s / (fx * fy);
    }
  return out;
}

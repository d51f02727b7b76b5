// What the networks see: the drawing brought to the 28×28 form each model was trained on.
// Digits reuse the CLI's MNIST preparation (src/train/digit-image.ts); perceptio/train's index also
// pulls the node-only checkpoint code, so the pure file is imported directly.
import { rgbaToGray, toMnistInput, type GrayImage } from '../../../../src/train/digit-image.js';
import type { Rgba } from '../../canvas/pixels.js';

export { rgbaToGray };

/** MNIST's form: ink's bounding box scaled to 20×20, centre of mass at (14, 14) of 28×28, ink bright. */
export function mnistInput(img: Rgba): Float32Array {
  return toMnistInput(rgbaToGray(img.width, img.height, img.data));
}

/**
 * Quick, Draw!'s numpy_bitmap form: the drawing's bounding box scaled to fill the 28×28 frame
 * (measured on the shipped bitmaps: ink spans pixels 1…26, so a 26-pixel box with a 1-pixel margin)
 * and centred by its box, not its mass; ink bright on black.
 */
export function quickDrawInput(img: Rgba): Float32Array {
  const g = rgbaToGray(img.width, img.height, img.data);
  return fitBox(g, 26);
}

function fitBox({ width: w, height: h, pixels }: GrayImage, side: number): Float32Array {
  const ink = Float32Array.from({ length: w * h }, (_, i) => 1 - pixels[i]); // the canvas is white paper
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) if (ink[y * w + x] > 0.1) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const out = new Float32Array(784);
  if (x1 < 0) return out;
  const [bw, bh] = [x1 - x0 + 1, y1 - y0 + 1];
  const scale = side / Math.max(bw, bh);
  const [sw, sh] = [Math.max(1, Math.round(bw * scale)), Math.max(1, Math.round(bh * scale))];
  const [ox, oy] = [Math.floor((28 - sw) / 2), Math.floor((28 - sh) / 2)];
  const [fx, fy] = [bw / sw, bh / sh];
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      // area average of the source rectangle under output pixel (x, y), partial pixels weighted
      const [ax, bx, ay, by] = [x * fx, (x + 1) * fx, y * fy, (y + 1) * fy];
      let s = 0;
      for (let sy = Math.floor(ay); sy < Math.ceil(by); sy++)
        for (let sx = Math.floor(ax); sx < Math.ceil(bx); sx++)
          s += (Math.min(bx, sx + 1) - Math.max(ax, sx)) * (Math.min(by, sy + 1) - Math.max(ay, sy)) * ink[(y0 + sy) * w + x0 + sx];
      out[(oy + y) * 28 + ox + x] = Math.min(1, Math.max(0, s / (fx * fy)));
    }
  return out;
}

// What the networks see: the drawing brought to the 28×28 form each model was trained on, by the
// CLI's own preparation (src/train/digit-image.ts, as `perceptio predict` uses it). perceptio/train's
// index also pulls the node-only checkpoint code, so the pure file is imported directly.
import { rgbaToGray, toMnistInput } from '../../../../src/train/digit-image.js';
import type { Rgba } from '../../canvas/pixels.js';

/** MNIST's form: ink's bounding box scaled to 20×20, centre of mass at (14, 14) of 28×28, ink bright. */
export function mnistInput(img: Rgba): Float32Array {
  return toMnistInput(rgbaToGray(img.width, img.height, img.data));
}

/**
 * Quick, Draw!'s numpy_bitmap form: the drawing's bounding box scaled to fill the 28×28 frame
 * (ink spans pixels 1…26 in the shipped bitmaps: a 26-pixel box with a 1-pixel margin) and
 * centred by its box, not its mass; ink bright on black.
 */
export function quickDrawInput(img: Rgba): Float32Array {
  return toMnistInput(rgbaToGray(img.width, img.height, img.data), { box: 26, centre: 'box' });
}

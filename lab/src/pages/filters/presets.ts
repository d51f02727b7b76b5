// The page's presets: perceptio/vision's named filters with settings small enough that their
// kernel fits the editor (at most 7×7). perceptio/vision's index also exports the node-only PNG/JPEG
// codecs, so the browser imports the registry file itself.
import type { Tensor } from 'perceptio';
import { applyFilter, type Border } from '../../../../src/vision/filters.js';
import { kernelFrom } from '../../../../src/vision/kernels.js';
import { filters, toDisplay, type Display, type FilterParams } from '../../../../src/vision/registry.js';

export type { Border, Display };

export const PRESETS = [
  'identity', 'box', 'gaussian', 'sharpen', 'unsharp', 'sobel-x', 'sobel-y', 'sobel', 'prewitt-x', 'scharr-x',
  'laplacian', 'laplacian-8', 'emboss', 'edge-enhance', 'motion-blur', 'median',
] as const;
export type PresetName = (typeof PRESETS)[number];

const PARAMS: FilterParams = { size: 5, sigma: 0.8, amount: 1.5, length: 7, angle: 30 };

/** The kernel the editor shows for a preset: its own, Sobel x for the magnitude (it also uses Sobel y), none for the median. */
export function presetKernel(name: PresetName): number[][] | null {
  const entry = filters[name === 'sobel' ? 'sobel-x' : name];
  if (!entry?.kernel) return null;
  const k = entry.kernel(PARAMS);
  const [h, w] = k.shape;
  const v = k.values();
  return Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => v[i * w + j]));
}

/** How the preset's result is best shown (see perceptio/vision's Display). */
export const presetDisplay = (name: PresetName): Display => filters[name].display;

/** A preset applied to an image [C, H, W]. */
export function applyPreset(name: PresetName, image: Tensor, border: Border): Tensor {
  return filters[name].apply(image, { ...PARAMS, border });
}

/** An edited kernel applied to an image [C, H, W]: the same conv2d path as the presets. */
export function applyKernel(rows: number[][], image: Tensor, border: Border): Tensor {
  return applyFilter(image, kernelFrom(rows), { border });
}

/** 'signed' for kernels that sum to 0 (derivatives: flat areas give 0, shown mid-grey), else 'clip'. */
export function kernelDisplay(rows: number[][]): Display {
  const sum = rows.flat().reduce((a, b) => a + b, 0);
  return Math.abs(sum) < 1e-6 ? 'signed' : 'clip';
}

export { toDisplay };

import type { Tensor } from '../tensor/tensor.js';
import { applyFilter, gradientDirection, gradientMagnitude, unsharpMask, type FilterOptions } from './filters.js';
import * as K from './kernels.js';
import { medianFilter } from './median.js';

/** The knobs a named filter may read; each entry lists the ones it uses. */
export interface FilterParams extends FilterOptions {
  size?: number;
  sigma?: number;
  amount?: number;
  length?: number;
  angle?: number;
}

/**
 * How a result maps to [0, 1] for saving: 'clip' clamps (blurs, sharpening); 'signed' puts 0 at mid
 * gray and ±max|v| at black and white (derivatives); 'stretch' divides by the maximum (magnitudes);
 * 'angle' maps radians −π…π linearly.
 */
export type Display = 'clip' | 'signed' | 'stretch' | 'angle';

export interface FilterEntry {
  description: string;
  params: readonly (keyof FilterParams)[];
  display: Display;
  /** the kernel, for the linear filters */
  kernel?: (p: FilterParams) => Tensor;
  apply(image: Tensor, p: FilterParams): Tensor;
}

const linear = (description: string, kernel: (p: FilterParams) => Tensor, params: (keyof FilterParams)[] = [], display: Display = 'clip'): FilterEntry => ({
  description,
  params,
  display,
  kernel,
  apply: (image, p) => applyFilter(image, kernel(p), p),
});

function gradientFamily(op: K.GradientOperator, name: string): Record<string, FilterEntry> {
  return {
    [op]: { description: `${name} gradient magnitude √(gx² + gy²)`, params: [], display: 'stretch', apply: (x, p) => gradientMagnitude(x, { ...p, operator: op }) },
    [`${op}-x`]: linear(`${name} derivative along x (positive where it brightens to the right)`, () => K.gradientKernel(op, 'x'), [], 'signed'),
    [`${op}-y`]: linear(`${name} derivative along y (positive where it brightens downwards)`, () => K.gradientKernel(op, 'y'), [], 'signed'),
    [`${op}-direction`]: { description: `${name} gradient direction atan2(gy, gx), radians`, params: [], display: 'angle', apply: (x, p) => gradientDirection(x, { ...p, operator: op }) },
  };
}

/** Every named filter, for `perceptio filter --kernel <name>` and `--list`. */
export const filters: Record<string, FilterEntry> = {
  identity: linear('leaves the image as it is (δ kernel)', () => K.identityKernel()),
  box: linear('box blur: the mean of a size × size window (--size, default 3)', (p) => K.boxKernel(p.size ?? 3), ['size']),
  gaussian: linear('Gaussian blur, radius ⌊4σ + 0.5⌋ as SciPy (--sigma, default 1)', (p) => K.gaussianKernel(p.sigma ?? 1), ['sigma']),
  sharpen: linear('sharpen: 5·centre − 4 neighbours', K.sharpenKernel),
  unsharp: {
    description: 'unsharp mask x + amount·(x − gaussian(x)) (--amount 1, --sigma 1)',
    params: ['amount', 'sigma'],
    display: 'clip',
    kernel: (p) => K.unsharpKernel({ amount: p.amount ?? 1, sigma: p.sigma ?? 1 }),
    apply: (x, p) => unsharpMask(x, { border: p.border, amount: p.amount ?? 1, sigma: p.sigma ?? 1 }),
  },
  ...gradientFamily('sobel', 'Sobel'),
  ...gradientFamily('scharr', 'Scharr'),
  ...gradientFamily('prewitt', 'Prewitt'),
  laplacian: linear('Laplacian, 4 neighbours [0 1 0; 1 −4 1; 0 1 0]', () => K.laplacianKernel(4), [], 'signed'),
  'laplacian-8': linear('Laplacian, 8 neighbours [1 1 1; 1 −8 1; 1 1 1]', () => K.laplacianKernel(8), [], 'signed'),
  emboss: linear('emboss: diagonal relief lit from the top left', K.embossKernel),
  'edge-enhance': linear('edge enhance, as PIL EDGE_ENHANCE: (10·centre − 3×3 sum) / 2', K.edgeEnhanceKernel),
  'motion-blur': linear('motion blur along a line (--length 9 pixels, --angle 0 degrees)', (p) => K.motionBlurKernel(p.length ?? 9, p.angle ?? 0), ['length', 'angle']),
  median: { description: 'median of a size × size window, non-linear (--size, default 3)', params: ['size'], display: 'clip', apply: (x, p) => medianFilter(x, p.size ?? 3, p) },
};

/**
 * Maps a filter result to [0, 1] for an image file (see Display).
 * Example: writeImage('dx.png', toDisplay(dx, 'signed'))
 */
export function toDisplay(x: Tensor, display: Display): Tensor {
  if (display === 'clip') return x.clamp(0, 1);
  if (display === 'angle') return x.add(Math.PI).div(2 * Math.PI).clamp(0, 1);
  const big = (display === 'signed' ? x.abs() : x).max().item();
  if (display === 'stretch') return big > 0 ? x.div(big).clamp(0, 1) : x.clamp(0, 1);
  return big > 0 ? x.div(2 * big).add(0.5) : x.mul(0).add(0.5);
}

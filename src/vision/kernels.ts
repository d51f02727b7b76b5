import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

// Kernels are float32 tensors [kh, kw] applied as cross-correlation (conv2d, SciPy's correlate,
// OpenCV's filter2D): out[y, x] = Σ k[i, j] · in[y + i − kh/2, x + j − kw/2]. x grows to the right and
// y downwards, so sobel x is positive where the image brightens to the right and sobel y where it
// brightens downwards, as scipy.ndimage.sobel(axis=1 / axis=0) and cv2.Sobel(dx=1 / dy=1).

const grid = (rows: number[][]): Tensor => tensor(rows);
const outer = (col: number[], row: number[]): Tensor => grid(col.map((a) => row.map((b) => a * b)));

function checkSize(op: string, size: number, what = 'size'): void {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0)
    throw new Error(`${op}: ${what} must be a positive odd integer so the kernel has a centre, got ${size}`);
}

/** δ: the kernel that leaves an image as it is. Example: identityKernel(3) */
export function identityKernel(size = 3): Tensor {
  checkSize('identityKernel', size);
  const k = new Float32Array(size * size);
  k[(size * size - 1) / 2] = 1;
  return tensor(k, { shape: [size, size] });
}

/** The mean of a size × size window: every weight 1/size². Example: boxKernel(5) */
export function boxKernel(size = 3): Tensor {
  checkSize('boxKernel', size);
  return tensor(new Float32Array(size * size).fill(1 / (size * size)), { shape: [size, size] });
}

/**
 * The 1-D Gaussian exp(−t²/2σ²), normalised to sum 1, on t = −r…r with r = ⌊truncate·σ + 0.5⌋ as
 * scipy.ndimage.gaussian_filter (truncate 4). OpenCV's ksize = 0 rule (r ≈ 3σ for 8-bit) is shorter.
 */
export function gaussian1d(sigma: number, { truncate = 4, radius }: { truncate?: number; radius?: number } = {}): number[] {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`gaussianKernel: sigma must be a positive number, got ${sigma}`);
  const r = radius ?? Math.floor(truncate * sigma + 0.5);
  if (!Number.isInteger(r) || r < 0) throw new Error(`gaussianKernel: radius must be a non-negative integer, got ${r}`);
  const w = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}

/** The 2-D Gaussian g ⊗ g of gaussian1d, (2r + 1)² weights. Example: gaussianKernel(1.5) // 13×13 */
export function gaussianKernel(sigma: number, opts: { truncate?: number; radius?: number } = {}): Tensor {
  const g = gaussian1d(sigma, opts);
  return outer(g, g);
}

/** Sharpen: 5·δ minus the 4 neighbours, so flat areas keep their value. */
export const sharpenKernel = (): Tensor => grid([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]);

/** Unsharp mask as one kernel: x + amount·(x − G_σ * x) = (1 + amount)·δ − amount·G_σ. */
export function unsharpKernel({ amount = 1, sigma = 1 }: { amount?: number; sigma?: number } = {}): Tensor {
  const g = gaussianKernel(sigma);
  const k = g.shape[0];
  return identityKernel(k).mul(1 + amount).sub(g.mul(amount));
}

export type GradientOperator = 'sobel' | 'scharr' | 'prewitt';
const smoothing: Record<GradientOperator, number[]> = { sobel: [1, 2, 1], scharr: [3, 10, 3], prewitt: [1, 1, 1] };

/**
 * A 3×3 derivative kernel: the central difference [−1, 0, 1] along the axis times a smoothing
 * column ([1, 2, 1] Sobel, [3, 10, 3] Scharr, [1, 1, 1] Prewitt) across it, unnormalised, as SciPy.
 * Example: gradientKernel('sobel', 'x') // [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
 */
export function gradientKernel(operator: GradientOperator, axis: 'x' | 'y'): Tensor {
  const s = smoothing[operator];
  if (!s) throw new Error(`gradientKernel: unknown operator '${operator}' (sobel, scharr, prewitt)`);
  return axis === 'x' ? outer(s, [-1, 0, 1]) : outer([-1, 0, 1], s);
}

/** The discrete Laplacian ∂²/∂x² + ∂²/∂y²: 4 neighbours (as scipy.ndimage.laplace) or all 8. */
export function laplacianKernel(neighbours: 4 | 8 = 4): Tensor {
  if (neighbours === 4) return grid([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
  if (neighbours === 8) return grid([[1, 1, 1], [1, -8, 1], [1, 1, 1]]);
  throw new Error(`laplacianKernel: neighbours must be 4 or 8, got ${String(neighbours)}`);
}

/** Emboss: a diagonal derivative plus δ (weights sum to 1), lit from the top left. */
export const embossKernel = (): Tensor => grid([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]);

/** Edge enhance, as PIL's ImageFilter.EDGE_ENHANCE: (10·δ − the 3×3 ones) / 2. */
export const edgeEnhanceKernel = (): Tensor => grid([[-1, -1, -1], [-1, 10, -1], [-1, -1, -1]]).div(2);

/**
 * Motion blur along a line of `length` pixels through the centre at `angle` degrees
 * (counter-clockwise from the x axis): each cell weighs max(0, 1 − its distance to the segment),
 * normalised to sum 1; the kernel is the smallest odd square that holds the segment.
 * Example: motionBlurKernel(5) // middle row 1/5 each
 */
export function motionBlurKernel(length: number, angle = 0): Tensor {
  if (!(length >= 1) || !Number.isFinite(length)) throw new Error(`motionBlurKernel: length must be at least 1, got ${length}`);
  if (!Number.isFinite(angle)) throw new Error(`motionBlurKernel: angle must be a number of degrees, got ${angle}`);
  const half = (length - 1) / 2;
  const [dx, dy] = [Math.cos((angle * Math.PI) / 180), -Math.sin((angle * Math.PI) / 180)]; // rows grow downwards
  const r = Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)) * half - 1e-9);
  const k = 2 * r + 1;
  const w = new Float32Array(k * k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const [x, y] = [j - r, i - r];
      const t = Math.max(-half, Math.min(half, x * dx + y * dy)); // nearest point of the segment
      const d = Math.hypot(x - t * dx, y - t * dy);
      w[i * k + j] = Math.max(0, 1 - d);
      total += w[i * k + j];
    }
  }
  for (let i = 0; i < w.length; i++) w[i] /= total;
  return tensor(w, { shape: [k, k] });
}

/**
 * A kernel from nested arrays, checked to be a non-empty rectangle of finite numbers.
 * Example: kernelFrom([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
 */
export function kernelFrom(rows: readonly (readonly number[])[]): Tensor {
  if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0]) || rows[0].length === 0)
    throw new Error('kernel: expected a non-empty array of rows');
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== rows[0].length)
      throw new Error(`kernel: row ${i + 1} has ${Array.isArray(row) ? row.length : 0} values, row 1 has ${rows[0].length}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`kernel: row ${i + 1}, column ${j + 1}: ${String(v)} is not a finite number`);
    });
  });
  return grid(rows.map((r) => [...r]));
}

/**
 * A kernel from text: rows split by ';' (or newlines), values by ',' or spaces; a value may be a fraction (1/16).
 * Example: parseKernel('0,-1,0; -1,5,-1; 0,-1,0') // 3×3 sharpen
 */
export function parseKernel(text: string): Tensor {
  const rows = text.trim().split(/\s*[;\n]\s*/);
  const cells = rows.map((row, i) => {
    const parts = row.split(/\s*,\s*|\s+/);
    return parts.map((cell, j) => {
      const frac = /^([-+]?[\d.]+)\/([\d.]+)$/.exec(cell); // textbook fractions: 1/16
      const v = cell === '' ? NaN : frac ? Number(frac[1]) / Number(frac[2]) : Number(cell);
      if (!Number.isFinite(v))
        throw new Error(`kernel: row ${i + 1}, column ${j + 1}: '${cell}' is not a number (in "${text}")`);
      return v;
    });
  });
  return kernelFrom(cells);
}

import * as F from '../autograd/functional.js';
import { tensor } from '../tensor/create.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { gaussianKernel, gradientKernel, type GradientOperator } from './kernels.js';

/**
 * What lies beyond the image edge: 'zero' pads with 0; 'replicate' repeats the edge pixel (SciPy
 * 'nearest', OpenCV BORDER_REPLICATE); 'reflect' mirrors without repeating it, d c b | a b c d
 * (SciPy 'mirror', OpenCV's default BORDER_REFLECT_101, torch 'reflect'); 'circular' wraps around
 * (SciPy 'wrap'). NOTE: SciPy's own 'reflect' repeats the edge pixel and is none of these.
 */
export type Border = 'zero' | 'replicate' | 'reflect' | 'circular';
export const BORDERS: readonly Border[] = ['zero', 'replicate', 'reflect', 'circular'];
export interface FilterOptions {
  border?: Border;
  /** at most this many elements in the unfolded (im2col) image at once; larger images go in bands of rows */
  maxElements?: number;
}
const padMode = { zero: 'zeros', replicate: 'replicate', reflect: 'reflect', circular: 'circular' } as const;

// im2col unfolds kh·kw values per pixel: images whose unfolded form would pass maxElements
// are filtered in bands of rows, so a 3×3 filter on a 12-megapixel photo stays within memory.
const MAX_ELEMENTS = 1 << 24;

/** An image of rank 2 ([H, W]), 3 ([C, H, W]) or 4 ([N, C, H, W]) as NCHW, with a way back. */
export function toNchw(x: Tensor, op: string): [Tensor, (y: Tensor) => Tensor] {
  if (x.ndim === 4) return [x, (y) => y];
  if (x.ndim === 3) return [x.unsqueeze(0), (y) => y.reshape(y.shape.slice(1))];
  if (x.ndim === 2) return [x.reshape([1, 1, ...x.shape]), (y) => y.reshape(y.shape.slice(2))];
  throw new Error(`${op}: expected an image [H, W], [C, H, W] or [N, C, H, W], got ${fmt(x.shape)}`);
}

/** A rank-1 kernel k = col ⊗ row as its two factors, or null (checked to 1e-6 of the largest weight). */
function separate(k: Float32Array | Float64Array, kh: number, kw: number): [number[], number[]] | null {
  let p = 0;
  for (let i = 1; i < k.length; i++) if (Math.abs(k[i]) > Math.abs(k[p])) p = i;
  const big = Math.abs(k[p]);
  if (big === 0) return null;
  const [pi, pj] = [Math.floor(p / kw), p % kw];
  const col = Array.from({ length: kh }, (_, i) => k[i * kw + pj]);
  const row = Array.from({ length: kw }, (_, j) => k[pi * kw + j] / k[p]);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) if (Math.abs(col[i] * row[j] - k[i * kw + j]) > 1e-6 * big) return null;
  return [col, row];
}

/**
 * Correlates every channel of an image with a 2-D kernel, the output the same size as the input:
 * the border is padded by F.padImage, then F.conv2d runs depthwise (groups = channels), the same
 * kernels as the CNN layers, so gradients flow through. Separable kernels of 5×5 and larger (Gaussian,
 * box) run as a column pass then a row pass: kh + kw products per pixel instead of kh·kw.
 * Example: applyFilter(readImage('photo.png'), gradientKernel('sobel', 'x'), { border: 'replicate' })
 */
export function applyFilter(image: Tensor, kernel: Tensor, { border = 'reflect', maxElements = MAX_ELEMENTS }: FilterOptions = {}): Tensor {
  if (kernel.ndim !== 2) throw new Error(`applyFilter: a kernel must be 2-D [kh, kw], got ${fmt(kernel.shape)}`);
  const [kh, kw] = kernel.shape;
  if (kh % 2 === 0 || kw % 2 === 0)
    throw new Error(`applyFilter: a ${kh}×${kw} kernel has no centre pixel; filters need odd sizes (3×3, 5×5, …)`);
  if (!(border in padMode)) throw new Error(`applyFilter: unknown border '${border}' (${BORDERS.join(', ')})`);
  const [x, back] = toNchw(image, 'applyFilter');
  const c = x.shape[1];
  const [rh, rw] = [(kh - 1) / 2, (kw - 1) / 2];
  const padded = rh || rw ? F.padImage(x, [rh, rh, rw, rw], padMode[border]) : x;
  const k = kernel.to(x.dtype);
  const factors = kh * kw >= 25 ? separate(k.values() as Float32Array, kh, kw) : null;
  // the same kernel for every channel; a contiguous copy lets the GEMM skip a broadcast (2× faster)
  const depthwise = (p: Tensor, w: Tensor) => F.conv2d(p, w.reshape([1, 1, ...w.shape]).expand([c, 1, ...w.shape]).contiguous(), null, { groups: c });
  const run = (p: Tensor) => {
    if (!factors) return depthwise(p, k);
    const [col, row] = factors.map((f) => tensor(f, { dtype: x.dtype }));
    return depthwise(depthwise(p, col.reshape([kh, 1])), row.reshape([1, kw]));
  };
  const [n, , h, w] = x.shape;
  const perRow = n * c * w * (factors ? Math.max(kh, kw) : kh * kw);
  const band = Math.max(1, Math.floor(maxElements / perRow));
  if (band >= h) return back(run(padded));
  const parts: Tensor[] = [];
  for (let r = 0; r < h; r += band) parts.push(run(padded.slice(2, r, Math.min(h, r + band) + kh - 1)));
  return back(F.concat(parts, 2));
}

/** Gaussian blur with standard deviation sigma (pixels), radius ⌊4σ + 0.5⌋ as scipy.ndimage.gaussian_filter. */
export function gaussianBlur(image: Tensor, sigma: number, opts: FilterOptions & { truncate?: number } = {}): Tensor {
  return applyFilter(image, gaussianKernel(sigma, { truncate: opts.truncate }), opts);
}

/** Unsharp mask: x + amount·(x − gaussianBlur(x, σ)); amount 1 doubles the fine detail. */
export function unsharpMask(image: Tensor, { amount = 1, sigma = 1, ...opts }: FilterOptions & { amount?: number; sigma?: number } = {}): Tensor {
  return image.add(image.sub(gaussianBlur(image, sigma, opts)).mul(amount));
}

/** The x and y derivatives of an image by a 3×3 operator (Sobel by default). */
export function gradients(image: Tensor, { operator = 'sobel', ...opts }: FilterOptions & { operator?: GradientOperator } = {}): { x: Tensor; y: Tensor } {
  return { x: applyFilter(image, gradientKernel(operator, 'x'), opts), y: applyFilter(image, gradientKernel(operator, 'y'), opts) };
}

/** Gradient magnitude √(gx² + gy²), as np.hypot(sobel(axis=1), sobel(axis=0)). Example: gradientMagnitude(img) */
export function gradientMagnitude(image: Tensor, opts: FilterOptions & { operator?: GradientOperator } = {}): Tensor {
  const { x, y } = gradients(image, opts);
  return x.square().add(y.square()).sqrt();
}

/**
 * Gradient direction atan2(gy, gx) in radians, (−π, π], 0 pointing right and π/2 down (y grows
 * downwards); 0 where the magnitude is below 1e-6 (flat areas). Not differentiable: computed in a plain loop.
 */
export function gradientDirection(image: Tensor, opts: FilterOptions & { operator?: GradientOperator } = {}): Tensor {
  const { x, y } = gradients(image, opts);
  const [gx, gy] = [x.values(), y.values()];
  const out = new Float32Array(gx.length);
  // below 1e-6 the angle is float noise (flat areas): report 0 there
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(gx[i], gy[i]) < 1e-6 ? 0 : Math.atan2(gy[i], gx[i]);
  return tensor(out, { shape: x.shape });
}

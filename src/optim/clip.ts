import { Tensor } from '../tensor/tensor.js';

// Gradient clipping. Clipped gradients are written as fresh tensors (never in place): backward
// may hand the same gradient tensor to two parameters, and scaling it twice would be wrong.

function withGrads(params: Iterable<Tensor>): Tensor[] {
  return [...params].filter((p) => p.grad !== null);
}
function replaceGrad(p: Tensor, fn: (v: number) => number): void {
  const g = p.grad!.values();
  const out = new (g.constructor as Float32ArrayConstructor)(g.length);
  for (let i = 0; i < g.length; i++) out[i] = fn(g[i]);
  p.grad = new Tensor(out, [...p.grad!.shape], p.grad!.dtype);
}

/**
 * Scales all gradients together so that their joint norm (over every element of every
 * parameter) is at most maxNorm; returns the norm before clipping. normType 2 is the Euclidean
 * norm, Infinity the largest magnitude, as torch.nn.utils.clip_grad_norm_.
 * Example: const norm = clipGradNorm(model.parameters(), 1.0);
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, normType = 2, { errorIfNonfinite = false } = {}): number {
  if (!(normType > 0)) throw new Error(`clipGradNorm: normType must be positive or Infinity, got ${normType}`);
  const ps = withGrads(params);
  let total = 0;
  for (const p of ps) {
    const g = p.grad!.values();
    if (normType === Infinity) for (let i = 0; i < g.length; i++) total = Math.max(total, Math.abs(g[i]));
    else for (let i = 0; i < g.length; i++) total += Math.abs(g[i]) ** normType;
  }
  if (normType !== Infinity) total = total ** (1 / normType);
  if (errorIfNonfinite && !Number.isFinite(total))
    throw new Error(`clipGradNorm: the total norm of the gradients is ${total}; they cannot be clipped`);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const p of ps) replaceGrad(p, (v) => v * coef);
  return total;
}

/** Clamps every gradient element to [−clipValue, clipValue]. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new Error(`clipGradValue: clipValue must be non-negative, got ${clipValue}`);
  for (const p of withGrads(params)) replaceGrad(p, (v) => Math.min(Math.max(v, -clipValue), clipValue));
}

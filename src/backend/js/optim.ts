import type { AdamParams, Data, SgdParams } from '../backend.js';

// Optimizer updates in place, with PyTorch's formulas: the reference the wasm kernels
// (assembly/optim.ts) are tested against, and the path for float64 parameters.

/** The per-step scalars of SGD: b = keep·μ·b + scale·d (b = d on the first step). */
export function sgdScalars(p: SgdParams) {
  return { sign: p.maximize ? -1 : 1, keep: p.first ? 0 : 1, scale: p.first ? 1 : 1 - p.dampening };
}

/** d = sign·g + λw; b = μb + (1 − τ)d (b = d first); w −= lr·(Nesterov ? d + μb : b). */
export function sgd(w: Data, g: Data, b: Data | null, p: SgdParams): void {
  const { lr, momentum: mu, weightDecay: wd, nesterov } = p;
  const { sign, keep, scale } = sgdScalars(p);
  const n = w.length;
  if (mu === 0 || !b) {
    for (let i = 0; i < n; i++) w[i] -= lr * (sign * g[i] + wd * w[i]);
    return;
  }
  for (let i = 0; i < n; i++) {
    const d = sign * g[i] + wd * w[i];
    const bi = (b[i] = keep * mu * b[i] + scale * d);
    w[i] -= lr * (nesterov ? d + mu * bi : bi);
  }
}

/** Bias corrections of step t: w −= stepSize·m / (√v / bc2 + ε); AdamW shrinks w first. */
export function adamScalars(p: AdamParams) {
  return {
    stepSize: p.lr / (1 - p.beta1 ** p.step),
    bc2: Math.sqrt(1 - p.beta2 ** p.step),
    sign: p.maximize ? -1 : 1,
    l2: p.decoupled ? 0 : p.weightDecay,
    shrink: p.decoupled ? 1 - p.lr * p.weightDecay : 1,
  };
}

/** m = β₁m + (1 − β₁)d, v = β₂v + (1 − β₂)d² (d = g + λw), amsgrad keeps max v; see AdamParams. */
export function adam(w: Data, g: Data, m: Data, v: Data, vmax: Data | null, p: AdamParams): void {
  const { beta1: b1, beta2: b2, eps } = p;
  const { stepSize, bc2, sign, l2, shrink } = adamScalars(p);
  for (let i = 0, n = w.length; i < n; i++) {
    const wi = w[i] * shrink;
    const gi = sign * g[i] + l2 * wi;
    const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
    let vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
    if (vmax) vi = vmax[i] = Math.max(vmax[i], vi);
    w[i] = wi - (stepSize * mi) / (Math.sqrt(vi) / bc2 + eps);
  }
}

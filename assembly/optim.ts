// Optimizer updates over float32, in place: one pass over parameters, gradients and state, where
// the JS loops of src/backend/js/optim.ts cost ~3 ns per element (the update of a 784×256 layer
// took as long as its forward GEMM). Same formulas and float32 rounding order as PyTorch.
//
// Operands may be views inside larger arrays (persistent parameters), so nothing past element n
// is read or written: whole vectors, then the last n % 4 elements through scratch vectors.

const scratch = memory.data(5 * 16, 16);

/** Copies `bytes` from each nonzero pointer into scratch vector i (zero-padded); returns its address. */
function tailIn(i: i32, p: usize, bytes: usize): usize {
  const s = scratch + (<usize>i << 4);
  v128.store(s, f32x4.splat(0));
  if (p) memory.copy(s, p, bytes);
  return s;
}

/**
 * SGD: d = sign·g + wd·w; b = keep·mu·b + scale·d; w −= lr·(nesterov ? d + mu·b : b). With
 * mu = 0 the buffer is unused (b may be 0): w −= lr·d. keep = 0 on the first step (b = d).
 */
export function sgd(
  w: usize, g: usize, b: usize, n: i32,
  lr: f32, mu: f32, scale: f32, keep: f32, wd: f32, sign: f32, nesterov: i32,
): void {
  const whole = <usize>(n & ~3) << 2;
  sgdVectors(w, g, b, w + whole, lr, mu, scale, keep, wd, sign, nesterov);
  const bytes = (<usize>n << 2) - whole;
  if (bytes == 0) return;
  const tw = tailIn(0, w + whole, bytes);
  const tg = tailIn(1, g + whole, bytes);
  const tb = tailIn(2, mu == 0 ? 0 : b + whole, bytes);
  sgdVectors(tw, tg, tb, tw + 16, lr, mu, scale, keep, wd, sign, nesterov);
  memory.copy(w + whole, tw, bytes);
  if (mu != 0) memory.copy(b + whole, tb, bytes);
}

// @inline: each call site gets its own copy, with the nesterov and mu tests hoisted
@inline function sgdVectors(
  w: usize, g: usize, b: usize, end: usize,
  lr: f32, mu: f32, scale: f32, keep: f32, wd: f32, sign: f32, nesterov: i32,
): void {
  const vlr = f32x4.splat(lr);
  const vwd = f32x4.splat(wd);
  const vsign = f32x4.splat(sign);
  if (mu == 0) {
    for (; w < end; w += 16, g += 16) {
      const x = v128.load(w);
      const d = f32x4.add(f32x4.mul(vsign, v128.load(g)), f32x4.mul(vwd, x));
      v128.store(w, f32x4.sub(x, f32x4.mul(vlr, d)));
    }
    return;
  }
  const vmu = f32x4.splat(mu);
  const vkeep = f32x4.splat(keep * mu);
  const vscale = f32x4.splat(scale);
  if (nesterov) {
    for (; w < end; w += 16, g += 16, b += 16) {
      const x = v128.load(w);
      const d = f32x4.add(f32x4.mul(vsign, v128.load(g)), f32x4.mul(vwd, x));
      const m = f32x4.add(f32x4.mul(vkeep, v128.load(b)), f32x4.mul(vscale, d));
      v128.store(b, m);
      v128.store(w, f32x4.sub(x, f32x4.mul(vlr, f32x4.add(d, f32x4.mul(vmu, m)))));
    }
    return;
  }
  for (; w < end; w += 16, g += 16, b += 16) {
    const x = v128.load(w);
    const d = f32x4.add(f32x4.mul(vsign, v128.load(g)), f32x4.mul(vwd, x));
    const m = f32x4.add(f32x4.mul(vkeep, v128.load(b)), f32x4.mul(vscale, d));
    v128.store(b, m);
    v128.store(w, f32x4.sub(x, f32x4.mul(vlr, m)));
  }
}

/**
 * Adam/AdamW: w = shrink·w; d = sign·g + l2·w; m = b1·m + (1 − b1)·d; v = b2·v + (1 − b2)·d²;
 * (amsgrad: vmax = max(vmax, v), used for v); w −= stepSize·m / (√v / bc2 + eps).
 * vmax is 0 without amsgrad.
 */
export function adam(
  w: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  b1: f32, b2: f32, stepSize: f32, bc2: f32, eps: f32, l2: f32, shrink: f32, sign: f32,
): void {
  const whole = <usize>(n & ~3) << 2;
  adamVectors(w, g, m, v, vmax, w + whole, b1, b2, stepSize, bc2, eps, l2, shrink, sign);
  const bytes = (<usize>n << 2) - whole;
  if (bytes == 0) return;
  const tw = tailIn(0, w + whole, bytes);
  const tg = tailIn(1, g + whole, bytes);
  const tm = tailIn(2, m + whole, bytes);
  const tv = tailIn(3, v + whole, bytes);
  const tx = vmax ? tailIn(4, vmax + whole, bytes) : 0;
  adamVectors(tw, tg, tm, tv, tx, tw + 16, b1, b2, stepSize, bc2, eps, l2, shrink, sign);
  memory.copy(w + whole, tw, bytes);
  memory.copy(m + whole, tm, bytes);
  memory.copy(v + whole, tv, bytes);
  if (vmax) memory.copy(vmax + whole, tx, bytes);
}

@inline function adamVectors(
  w: usize, g: usize, m: usize, v: usize, vmax: usize, end: usize,
  b1: f32, b2: f32, stepSize: f32, bc2: f32, eps: f32, l2: f32, shrink: f32, sign: f32,
): void {
  const vb1 = f32x4.splat(b1);
  const vc1 = f32x4.splat(1 - b1);
  const vb2 = f32x4.splat(b2);
  const vc2 = f32x4.splat(1 - b2);
  const vstep = f32x4.splat(stepSize);
  const vbc2 = f32x4.splat(bc2);
  const veps = f32x4.splat(eps);
  const vl2 = f32x4.splat(l2);
  const vshrink = f32x4.splat(shrink);
  const vsign = f32x4.splat(sign);
  for (; w < end; w += 16, g += 16, m += 16, v += 16) {
    const x = f32x4.mul(v128.load(w), vshrink);
    const d = f32x4.add(f32x4.mul(vsign, v128.load(g)), f32x4.mul(vl2, x));
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(m)), f32x4.mul(vc1, d));
    let vi = f32x4.add(f32x4.mul(vb2, v128.load(v)), f32x4.mul(vc2, f32x4.mul(d, d)));
    v128.store(m, mi);
    v128.store(v, vi);
    if (vmax) {
      vi = f32x4.max(v128.load(vmax), vi);
      v128.store(vmax, vi);
      vmax += 16;
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), vbc2), veps);
    v128.store(w, f32x4.sub(x, f32x4.div(f32x4.mul(vstep, mi), denom)));
  }
}

import * as F from '../autograd/functional.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

// Losses in functional form (mseLoss, crossEntropy, …) and as modules (MSELoss, CrossEntropyLoss,
// …), with PyTorch's semantics and defaults. Shape mismatches throw errors naming both shapes.

export type Reduction = 'mean' | 'sum' | 'none';

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}
function sameShapes(name: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape))
    throw new Error(`${name}: input ${fmt(input.shape)} and target ${fmt(target.shape)} differ in shape`);
  if (target.dtype !== input.dtype)
    throw new Error(`${name}: input is ${input.dtype} but target is ${target.dtype}; convert the target with .to('${input.dtype}')`);
}
/** A weight must broadcast to the loss's shape without growing it. */
function checkWeight(name: string, what: string, loss: Tensor, weight: Tensor): Tensor {
  const fits = weight.ndim <= loss.ndim && weight.shape.every((d, i) => d === 1 || d === loss.shape[loss.ndim - weight.ndim + i]);
  if (!fits) throw new Error(`${name}: ${what} ${fmt(weight.shape)} does not broadcast to input ${fmt(loss.shape)}`);
  return weight.to(loss.dtype);
}
function applyWeight(name: string, loss: Tensor, weight: Tensor | undefined): Tensor {
  return weight ? loss.mul(checkWeight(name, 'weight', loss, weight)) : loss;
}

interface Opts {
  reduction?: Reduction;
}

/** mean((x − y)²). */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: Opts = {}): Tensor {
  sameShapes('mseLoss', input, target);
  const d = input.sub(target);
  return reduce(d.mul(d), reduction);
}
/** mean(|x − y|). */
export function l1Loss(input: Tensor, target: Tensor, { reduction = 'mean' }: Opts = {}): Tensor {
  sameShapes('l1Loss', input, target);
  return reduce(input.sub(target).abs(), reduction);
}
/** ½d² where |d| < δ, δ(|d| − ½δ) elsewhere, d = x − y: quadratic near 0, linear in the tails. */
export function huberLoss(input: Tensor, target: Tensor, { reduction = 'mean', delta = 1 }: Opts & { delta?: number } = {}): Tensor {
  sameShapes('huberLoss', input, target);
  if (!(delta > 0)) throw new Error(`huberLoss: delta must be positive, got ${delta}`);
  const d = input.sub(target);
  const a = d.abs();
  return reduce(F.where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta)), reduction);
}
/**
 * −w·(y·log x + (1 − y)·log(1 − x)) for probabilities x; the logs are clamped at −100 as in
 * PyTorch, so x = 0 or 1 gives a large finite loss.
 */
export function bceLoss(input: Tensor, target: Tensor, { reduction = 'mean', weight }: Opts & { weight?: Tensor } = {}): Tensor {
  sameShapes('bceLoss', input, target);
  const logX = F.maximum(input.log(), -100);
  const log1mX = F.maximum(input.neg().log1p(), -100);
  const l = target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
  return reduce(applyWeight('bceLoss', l, weight), reduction);
}
/**
 * Binary cross-entropy on logits, stable for any x: (1 − y)·x + (1 + (p − 1)·y)·(log(1 + e^(−|x|)) + max(−x, 0)),
 * where p = posWeight (weights positives, broadcast over the class axis; 1 when omitted).
 */
export function bceWithLogitsLoss(
  input: Tensor,
  target: Tensor,
  { reduction = 'mean', weight, posWeight }: Opts & { weight?: Tensor; posWeight?: Tensor } = {},
): Tensor {
  sameShapes('bceWithLogitsLoss', input, target);
  const softTail = input.abs().neg().exp().log1p().add(F.relu(input.neg())); // log(1 + e⁻ˣ)
  const pw = posWeight ? checkWeight('bceWithLogitsLoss', 'posWeight', input, posWeight) : null;
  const logWeight = pw ? target.mul(pw.sub(1)).add(1) : null;
  const l = target.neg().add(1).mul(input).add(logWeight ? logWeight.mul(softTail) : softTail);
  return reduce(applyWeight('bceWithLogitsLoss', l, weight), reduction);
}

interface ClassOpts extends Opts {
  /** per-class weights, shape [C] */
  weight?: Tensor;
  /** targets equal to it add nothing and are left out of the mean (class-index targets only) */
  ignoreIndex?: number;
}

/** [N, C, d1…] → [N·d1…, C] with the class axis last; targets [N, d1…] → [N·d1…]. */
function toRows(name: string, input: Tensor, target: Tensor, probs: boolean): [Tensor, Tensor, number[]] {
  if (input.ndim < 2) throw new Error(`${name}: input must have a batch and a class axis, got ${fmt(input.shape)}`);
  const [n, c] = input.shape;
  const rest = input.shape.slice(2);
  const outShape = [n, ...rest];
  if (!probs && target.shape[0] !== n)
    throw new Error(`${name}: input ${fmt(input.shape)} and target ${fmt(target.shape)} differ in batch size`);
  if (!probs && !sameShape(target.shape, outShape))
    throw new Error(`${name}: target ${fmt(target.shape)} should have shape ${fmt(outShape)} for input ${fmt(input.shape)}`);
  if (input.ndim === 2) return [input, target, outShape];
  const perm = [0, ...rest.map((_, i) => i + 2), 1];
  const rows = (t: Tensor) => t.permute(perm).reshape([-1, c]);
  return [rows(input), probs ? rows(target) : target.reshape([-1]), outShape];
}
/** A single sample [C] (target a scalar or [C]) goes through as a batch of one. */
function unbatched(input: Tensor, target: Tensor, fn: (x: Tensor, y: Tensor) => Tensor, reduction: Reduction): Tensor | null {
  if (input.ndim !== 1) return null;
  const l = fn(input.unsqueeze(0), target.unsqueeze(0));
  return reduction === 'none' ? l.reshape([]) : l;
}

interface Picked {
  /** −w[y]·logp[i, y] per row (0 on ignored rows) */
  loss: Tensor;
  /** Σ w[y] over the rows that are not ignored: the denominator of the mean */
  total: number;
  /** 1 on kept rows, 0 on ignored ones; null when no row is ignored */
  kept: Tensor | null;
}
/** Picks each row's target log-probability, weighted; ignored rows pick 0 and weigh 0. */
function pickClass(name: string, logp: Tensor, target: Tensor, weight: Tensor | undefined, ignoreIndex: number): Picked {
  const [m, c] = logp.shape;
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== c))
    throw new Error(`${name}: class weight ${fmt(weight.shape)} should have shape [${c}]`);
  const y = target.values();
  const idx = new Int32Array(m);
  const w = new (logp.dtype === 'float64' ? Float64Array : Float32Array)(m);
  const cw = weight?.values();
  let total = 0;
  let ignored = 0;
  for (let i = 0; i < m; i++) {
    const t = y[i];
    if (t === ignoreIndex) {
      ignored++;
      continue;
    }
    if (!(t >= 0 && t < c)) throw new Error(`${name}: target ${t} is out of range for ${c} classes`);
    idx[i] = t;
    total += w[i] = cw ? cw[t] : 1;
  }
  const picked = logp.gather(1, new Tensor(idx, [m, 1], 'int32')).reshape([m]);
  const plain = !cw && ignored === 0; // every weight is 1: skip the multiply
  const kept = ignored === 0 ? null : target.ne(ignoreIndex).to(logp.dtype);
  return { loss: plain ? picked.neg() : picked.mul(new Tensor(w, [m], logp.dtype)).neg(), total, kept };
}

function checkTarget(name: string, input: Tensor, target: Tensor): boolean {
  if (target.dtype === 'int32') return false;
  if (sameShape(input.shape, target.shape)) return true;
  throw new Error(
    `${name}: target ${fmt(target.shape)} must be int32 class indices of shape ${fmt([input.shape[0] ?? 1, ...input.shape.slice(2)])} ` +
      `or probabilities of the input's shape ${fmt(input.shape)} (got ${target.dtype}); convert labels with .int()`,
  );
}

/**
 * Negative log-likelihood of log-probabilities: −w[y]·input[i, y]. With reduction 'mean' the sum
 * is divided by the total weight of the non-ignored targets, as PyTorch.
 */
export function nllLoss(input: Tensor, target: Tensor, { reduction = 'mean', weight, ignoreIndex = -100 }: ClassOpts = {}): Tensor {
  if (target.dtype !== 'int32')
    throw new Error(`nllLoss: target must be int32 class indices, got ${target.dtype}; convert labels with .int()`);
  const one = unbatched(input, target, (x, y) => nllLoss(x, y, { reduction, weight, ignoreIndex }), reduction);
  if (one) return one;
  const [logp, y, outShape] = toRows('nllLoss', input, target, false);
  const { loss, total } = pickClass('nllLoss', logp, y, weight, ignoreIndex);
  if (reduction === 'none') return loss.reshape(outShape);
  return reduction === 'sum' ? loss.sum() : loss.sum().div(total);
}

/**
 * Cross-entropy of logits [N, C] (or [N, C, d1…]) against int32 class indices [N] or class
 * probabilities [N, C]: −Σ_c w_c·q_c·log softmax(x)_c, where q is the (smoothed) target:
 * q = (1 − ε)·onehot(y) + ε/C for labelSmoothing ε.
 * Example: crossEntropy(tensor([[2, 1, 0.1]]), tensor([0], { dtype: 'int32' })) // 0.4170
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  { reduction = 'mean', weight, ignoreIndex = -100, labelSmoothing = 0 }: ClassOpts & { labelSmoothing?: number } = {},
): Tensor {
  const name = 'crossEntropy';
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new Error(`${name}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  const one = unbatched(input, target, (x, y) => crossEntropy(x, y, { reduction, weight, ignoreIndex, labelSmoothing }), reduction);
  if (one) return one;
  const probs = checkTarget(name, input, target);
  const [x, y, outShape] = toRows(name, input, target, probs);
  const c = x.shape[1];
  const logp = x.logSoftmax(1);
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== c))
    throw new Error(`${name}: class weight ${fmt(weight.shape)} should have shape [${c}]`);
  const cw = weight?.to(x.dtype);
  if (probs) {
    if (y.dtype !== x.dtype) throw new Error(`${name}: input is ${x.dtype} but target is ${y.dtype}`);
    const q = labelSmoothing > 0 ? y.mul(1 - labelSmoothing).add(labelSmoothing / c) : y;
    const wlogp = cw ? logp.mul(cw) : logp;
    const l = q.mul(wlogp).sum(1).neg();
    return reduction === 'none' ? l.reshape(outShape) : reduce(l, reduction); // mean over rows, unweighted
  }
  const { loss: nll, total, kept } = pickClass(name, logp, y, weight, ignoreIndex);
  if (labelSmoothing === 0) {
    if (reduction === 'none') return nll.reshape(outShape);
    return reduction === 'sum' ? nll.sum() : nll.sum().div(total);
  }
  // smoothing term: −Σ_c w_c·log p_c per row, zero on ignored rows
  const rowSum = (cw ? logp.mul(cw) : logp).sum(1).neg();
  const smooth = kept ? rowSum.mul(kept) : rowSum;
  const mix = (a: Tensor, b: Tensor) => a.mul(1 - labelSmoothing).add(b.mul(labelSmoothing / c));
  if (reduction === 'none') return mix(nll, smooth).reshape(outShape);
  if (reduction === 'sum') return mix(nll.sum(), smooth.sum());
  // PyTorch divides the smoothing term by the same total weight (unweighted: the kept row count)
  return mix(nll.sum().div(total), smooth.sum().div(total));
}

/** Loss modules: options at construction, forward(input, target). */
abstract class Loss<O> extends Module {
  constructor(protected readonly options: O) {
    super();
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}
export class MSELoss extends Loss<Opts> {
  constructor(options: Opts = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, this.options); }
}
export class L1Loss extends Loss<Opts> {
  constructor(options: Opts = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, this.options); }
}
export class HuberLoss extends Loss<Opts & { delta?: number }> {
  constructor(options: Opts & { delta?: number } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return huberLoss(input, target, this.options); }
}
export class BCELoss extends Loss<Opts & { weight?: Tensor }> {
  constructor(options: Opts & { weight?: Tensor } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return bceLoss(input, target, this.options); }
}
export class BCEWithLogitsLoss extends Loss<Opts & { weight?: Tensor; posWeight?: Tensor }> {
  constructor(options: Opts & { weight?: Tensor; posWeight?: Tensor } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return bceWithLogitsLoss(input, target, this.options); }
}
export class NLLLoss extends Loss<ClassOpts> {
  constructor(options: ClassOpts = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return nllLoss(input, target, this.options); }
}
export class CrossEntropyLoss extends Loss<ClassOpts & { labelSmoothing?: number }> {
  constructor(options: ClassOpts & { labelSmoothing?: number } = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return crossEntropy(input, target, this.options); }
}

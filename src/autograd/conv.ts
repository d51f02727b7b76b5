import type { WindowParams } from '../backend/backend.js';
import { fmt } from '../tensor/shape.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply } from './engine.js';

// Convolution as three fused primitives (conv2d and its input and weight gradients, each the
// others' adjoint), transposed convolution as conv2d's input gradient; pooling through im2col.

export type Pair = number | readonly [number, number];
export type Padding = Pair | 'same' | 'valid';
export interface ConvOptions {
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  groups?: number;
}
type Geometry = Omit<WindowParams, 'n' | 'c' | 'h' | 'w'>;

const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function check4d(op: string, x: Tensor, what = 'input'): void {
  if (x.ndim !== 4) throw new Error(`${op}: ${what} must be 4-D [N, C, H, W], got ${fmt(x.shape)}`);
}

/** Output size of a sliding window: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 (⌈⌉ in ceil mode). */
export function outSize(n: number, k: number, s: number, p: number, d: number, ceil = false): number {
  const span = n + 2 * p - d * (k - 1) - 1;
  let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // PyTorch: in ceil mode the last window must start inside the input or its left padding
  if (ceil && (o - 1) * s >= n + p) o--;
  return o;
}

function geometry(op: string, x: Tensor, kh: number, kw: number, o: { stride: Pair; padding: Padding; dilation: Pair; ceil?: boolean; padValue?: number }): Geometry {
  const [sh, sw] = pair(o.stride);
  const [dh, dw] = pair(o.dilation);
  let [ph, pw] = o.padding === 'valid' ? [0, 0] : o.padding === 'same' ? [-1, -1] : pair(o.padding);
  if (o.padding === 'same') {
    if (sh !== 1 || sw !== 1) throw new Error(`${op}: padding 'same' needs stride 1, got ${fmt([sh, sw])}`);
    const [th, tw] = [dh * (kh - 1), dw * (kw - 1)];
    if (th % 2 || tw % 2) throw new Error(`${op}: padding 'same' needs an odd effective kernel size, got ${th + 1}×${tw + 1}`);
    [ph, pw] = [th / 2, tw / 2];
  }
  const [h, w] = [x.shape[2], x.shape[3]];
  const outH = outSize(h, kh, sh, ph, dh, o.ceil);
  const outW = outSize(w, kw, sw, pw, dw, o.ceil);
  if (outH < 1 || outW < 1)
    throw new Error(`${op}: a ${kh}×${kw} window (dilation ${dh}×${dw}, padding ${ph}×${pw}) does not fit a ${h}×${w} input`);
  return { kh, kw, strideH: sh, strideW: sw, padH: ph, padW: pw, dilationH: dh, dilationW: dw, outH, outW, padValue: o.padValue ?? 0 };
}

/**
 * 2-D cross-correlation, as torch.nn.functional.conv2d: x [N, C, H, W], weight [O, C/groups, kh, kw].
 * out[n, o] = bias[o] + Σ_c,i,j weight[o, c, i, j] · x[n, c, y·s + i·d − p, x·s + j·d − p]
 * Example: conv2d(x, w, b, { stride: 2, padding: 1 })
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = opts;
  check4d('conv2d', x);
  check4d('conv2d', weight, 'weight');
  const c = x.shape[1];
  const [o, cg, kh, kw] = weight.shape;
  if (!Number.isInteger(groups) || groups < 1 || c % groups || o % groups)
    throw new Error(`conv2d: groups = ${groups} must divide both input channels ${c} and output channels ${o}`);
  if (cg * groups !== c)
    throw new Error(`conv2d: weight ${fmt(weight.shape)} expects ${cg * groups} input channels, input ${fmt(x.shape)} has ${c}`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o))
    throw new Error(`conv2d: bias ${fmt(bias.shape)} must be [${o}]`);
  const g = geometry('conv2d', x, kh, kw, { stride, padding, dilation });
  return apply('conv2d', bias ? [x, weight, bias] : [x, weight], { geometry: g, groups, h: x.shape[2], w: x.shape[3] });
}

/**
 * The transpose (adjoint) of conv2d, as torch conv_transpose2d: x [N, C, H, W], weight
 * [C, O/groups, kh, kw]; output size (H − 1)s − 2p + d(k − 1) + outputPadding + 1.
 * Example: convTranspose2d(x, w, null, { stride: 2, padding: 1, outputPadding: 1 })
 */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  opts: { stride?: Pair; padding?: Pair; outputPadding?: Pair; dilation?: Pair; groups?: number } = {},
): Tensor {
  const { stride = 1, padding = 0, outputPadding = 0, dilation = 1, groups = 1 } = opts;
  check4d('convTranspose2d', x);
  check4d('convTranspose2d', weight, 'weight');
  const [, c, h, w] = x.shape;
  const [cw, og, kh, kw] = weight.shape;
  if (cw !== c) throw new Error(`convTranspose2d: weight ${fmt(weight.shape)} expects ${cw} input channels, input ${fmt(x.shape)} has ${c}`);
  if (!Number.isInteger(groups) || groups < 1 || c % groups) throw new Error(`convTranspose2d: groups = ${groups} must divide input channels ${c}`);
  const [sh, sw] = pair(stride);
  const [ph, pw] = pair(padding);
  const [dh, dw] = pair(dilation);
  const [oph, opw] = pair(outputPadding);
  if (oph >= Math.max(sh, dh) || opw >= Math.max(sw, dw))
    throw new Error(`convTranspose2d: outputPadding ${fmt([oph, opw])} must be smaller than stride or dilation`);
  const outH = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const outW = (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  if (outH < 1 || outW < 1) throw new Error(`convTranspose2d: the output of ${fmt(x.shape)} would be ${outH}×${outW}`);
  const o = og * groups;
  // conv2d's input gradient: x plays the output gradient of a conv2d from [N, o, outH, outW]
  const geometry = { kh, kw, strideH: sh, strideW: sw, padH: ph, padW: pw, dilationH: dh, dilationW: dw, outH: h, outW: w, padValue: 0 };
  const out = apply('conv2dGradInput', [x, weight], { geometry, groups, h: outH, w: outW });
  return bias ? out.add(bias.reshape([o, 1, 1])) : out;
}

/** 1-D convolution on [N, C, L]: conv2d over a height of 1. */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: { stride?: number; padding?: number | 'same' | 'valid'; dilation?: number; groups?: number } = {}): Tensor {
  if (x.ndim !== 3 || weight.ndim !== 3)
    throw new Error(`conv1d: input [N, C, L] and weight [O, C/groups, k] expected, got ${fmt(x.shape)} and ${fmt(weight.shape)}`);
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = opts;
  const pad: Padding = typeof padding === 'number' ? [0, padding] : padding;
  const out = conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, { stride: [1, stride], padding: pad, dilation: [1, dilation], groups });
  return out.squeeze(2);
}

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/**
 * Pads the last two axes of an image by [top, bottom, left, right] with a border mode, as torch
 * F.pad: 'reflect' mirrors without repeating the edge, 'replicate' repeats it, 'circular' wraps.
 * Built from indexSelect, so the gradient of a border pixel collects every copy of it.
 * Example: padImage(x, [1, 1, 2, 2], 'reflect')
 */
export function padImage(x: Tensor, [top, bottom, left, right]: readonly number[], mode: PaddingMode = 'zeros'): Tensor {
  if (x.ndim < 2) throw new Error(`padImage: expected at least 2 dimensions, got ${fmt(x.shape)}`);
  const r = x.ndim;
  if (mode === 'zeros') return apply('pad', [x], { pads: x.shape.map((_, i) => (i === r - 2 ? [top, bottom] : i === r - 1 ? [left, right] : [0, 0])), value: 0 });
  const source = (n: number, before: number, after: number): number[] => {
    if (mode === 'reflect' && (before >= n || after >= n))
      throw new Error(`padImage: reflect padding ${Math.max(before, after)} must be smaller than the size ${n} of ${fmt(x.shape)}`);
    return Array.from({ length: n + before + after }, (_, k) => {
      const i = k - before;
      if (mode === 'replicate') return Math.min(Math.max(i, 0), n - 1);
      if (mode === 'circular') return ((i % n) + n) % n;
      return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i; // reflect
    });
  };
  const rows = x.indexSelect(r - 2, source(x.shape[r - 2], top, bottom));
  return rows.indexSelect(r - 1, source(x.shape[r - 1], left, right));
}

export interface PoolOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

function pool(op: string, x: Tensor, kernel: Pair, o: PoolOptions, padValue: number): [Tensor, Geometry] {
  check4d(op, x);
  const [kh, kw] = pair(kernel);
  const [ph, pw] = pair(o.padding ?? 0);
  if (ph > kh / 2 || pw > kw / 2) throw new Error(`${op}: padding ${fmt([ph, pw])} must be at most half the kernel ${fmt([kh, kw])}`);
  const [n, c, h, w] = x.shape;
  const g = geometry(op, x, kh, kw, { stride: o.stride ?? kernel, padding: [ph, pw], dilation: o.dilation ?? 1, ceil: o.ceilMode, padValue });
  // every channel pools on its own: fold channels into the batch
  const cols = apply('im2col', [x.reshape([n * c, 1, h, w])], { geometry: g });
  return [cols, g];
}

/**
 * Max over each window (padding never wins), as torch max_pool2d; stride defaults to the kernel.
 * The gradient goes to the first maximum of each window, as PyTorch's.
 * Example: maxPool2d(x, 2) // [N, C, H/2, W/2]
 */
export function maxPool2d(x: Tensor, kernel: Pair, opts: PoolOptions = {}): Tensor {
  check4d('maxPool2d', x);
  const [kh, kw] = pair(kernel);
  const [ph, pw] = pair(opts.padding ?? 0);
  if (ph > kh / 2 || pw > kw / 2) throw new Error(`maxPool2d: padding ${fmt([ph, pw])} must be at most half the kernel ${fmt([kh, kw])}`);
  const g = geometry('maxPool2d', x, kh, kw, { stride: opts.stride ?? kernel, padding: [ph, pw], dilation: opts.dilation ?? 1, ceil: opts.ceilMode });
  return apply('maxPool2d', [x], { geometry: g });
}

/**
 * Mean over each window, as torch avg_pool2d: padding counts in the divisor unless
 * countIncludePad is false; windows past the edge in ceil mode never count the overhang.
 */
export function avgPool2d(x: Tensor, kernel: Pair, opts: Omit<PoolOptions, 'dilation'> & { countIncludePad?: boolean } = {}): Tensor {
  const { countIncludePad = true } = opts;
  const [cols, g] = pool('avgPool2d', x, kernel, opts, 0);
  const shape = [x.shape[0], x.shape[1], g.outH, g.outW];
  const sum = cols.sum(1).reshape(shape);
  // the divisor per output cell: window cells inside the image, plus padding when it counts
  const [h, w] = [x.shape[2], x.shape[3]];
  const count = (o: number, s: number, p: number, k: number, n: number) => {
    const start = o * s - p;
    const end = Math.min(start + k, n + p);
    return countIncludePad ? end - start : Math.min(end, n) - Math.max(start, 0);
  };
  const div = new Float64Array(g.outH * g.outW);
  for (let i = 0; i < g.outH; i++)
    for (let j = 0; j < g.outW; j++)
      div[i * g.outW + j] = count(i, g.strideH, g.padH, g.kh, h) * count(j, g.strideW, g.padW, g.kw, w);
  return sum.div(tensor(div, { shape: [g.outH, g.outW], dtype: x.dtype }));
}

/** Averages to a fixed output size (PyTorch's start/end index rule per cell). */
export function adaptiveAvgPool2d(x: Tensor, size: Pair): Tensor {
  check4d('adaptiveAvgPool2d', x);
  const [oh, ow] = pair(size);
  const [h, w] = [x.shape[2], x.shape[3]];
  if (h % oh === 0 && w % ow === 0) return avgPool2d(x, [h / oh, w / ow]);
  const cell = (i: number, o: number, n: number) => [Math.floor((i * n) / o), Math.ceil(((i + 1) * n) / o)];
  const rows = Array.from({ length: oh }, (_, i) => {
    const [y0, y1] = cell(i, oh, h);
    const band = x.slice(2, y0, y1);
    return Array.from({ length: ow }, (_, j) => {
      const [x0, x1] = cell(j, ow, w);
      return band.slice(3, x0, x1).mean([2, 3], true);
    });
  });
  return concatAll(rows.map((r) => concatAll(r, 3)), 2);
}

function concatAll(ts: Tensor[], axis: number): Tensor {
  return ts.length === 1 ? ts[0] : apply('concat', ts, { axis });
}

import * as F from '../autograd/functional.js';
import type { Padding, PaddingMode, Pair } from '../autograd/conv.js';
import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as init from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

export interface ConvLayerOptions {
  stride?: Pair;
  /** a number, [h, w], 'same' (stride 1) or 'valid' (no padding) */
  padding?: Padding;
  dilation?: Pair;
  /** input and output channels split into groups; groups = inChannels is depthwise */
  groups?: number;
  bias?: boolean;
  /** how the border is filled: zeros, or copies of the image ('reflect', 'replicate', 'circular') */
  paddingMode?: PaddingMode;
  dtype?: DType;
  generator?: Generator;
}

const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function checkChannels(name: string, inChannels: number, outChannels: number, groups: number): void {
  for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['groups', groups]] as const)
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: ${what} must be a positive integer, got ${v}`);
  if (inChannels % groups || outChannels % groups)
    throw new Error(`${name}: groups = ${groups} must divide inChannels ${inChannels} and outChannels ${outChannels}`);
}

/**
 * [top, bottom, left, right] border sizes for explicit padding in a non-zero mode; 'same' puts
 * the odd pixel of an even total at the bottom/right, as PyTorch does.
 */
function borders(padding: Padding, kernel: [number, number], dilation: [number, number]): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const [th, tw] = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)];
    return [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
  }
  const [ph, pw] = pair(padding);
  return [ph, ph, pw, pw];
}

/**
 * 2-D convolution layer, as torch.nn.Conv2d: weight [outChannels, inChannels/groups, kh, kw] and
 * bias [outChannels], both U(−1/√fanIn, 1/√fanIn) with fanIn = inChannels/groups·kh·kw, so
 * PyTorch state dicts load unchanged. Output size per axis: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.
 * Example: const conv = new Conv2d(1, 6, 5, { padding: 2 }); conv.forward(randn([8, 1, 28, 28])) // [8, 6, 28, 28]
 */
export class Conv2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: Padding;
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros', dtype, generator }: ConvLayerOptions = {},
  ) {
    super();
    checkChannels('Conv2d', inChannels, outChannels, groups);
    this.kernelSize = pair(kernelSize);
    this.stride = pair(stride);
    this.padding = typeof padding === 'string' ? padding : pair(padding);
    this.dilation = pair(dilation);
    this.groups = groups;
    this.paddingMode = paddingMode;
    if (padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1))
      throw new Error(`Conv2d: padding 'same' needs stride 1, got ${fmt(this.stride)}`);
    const shape = [outChannels, inChannels / groups, ...this.kernelSize];
    const fanIn = (inChannels / groups) * this.kernelSize[0] * this.kernelSize[1];
    this.weight = new Parameter(init.pytorchDefault(shape, { dtype, generator }));
    this.bias = bias ? new Parameter(init.pytorchDefaultBias([outChannels], fanIn, { dtype, generator })) : null;
  }

  forward(x: Tensor): Tensor {
    const opts = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return F.conv2d(x, this.weight, this.bias, { ...opts, padding: this.padding });
    // other modes: fill the border with image copies, then convolve without padding
    const padded = F.padImage(x, borders(this.padding, this.kernelSize, this.dilation), this.paddingMode);
    return F.conv2d(padded, this.weight, this.bias, { ...opts, padding: 0 });
  }

  override extraRepr(): string {
    const p = typeof this.padding === 'string' ? `'${this.padding}'` : fmt(pair(this.padding));
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.stride)}, padding=${p}` +
      `${this.dilation[0] * this.dilation[1] > 1 ? `, dilation=${fmt(this.dilation)}` : ''}${this.groups > 1 ? `, groups=${this.groups}` : ''}` +
      `${this.paddingMode !== 'zeros' ? `, paddingMode=${this.paddingMode}` : ''}, bias=${this.bias !== null}`;
  }
}

/**
 * 1-D convolution over [N, C, L], as torch.nn.Conv1d: weight [outChannels, inChannels/groups, k].
 * Example: new Conv1d(16, 32, 3, { padding: 'same' }).forward(randn([4, 16, 100])) // [4, 32, 100]
 */
export class Conv1d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly stride: number;
  readonly padding: number | 'same' | 'valid';
  readonly dilation: number;
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    {
      stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros', dtype, generator,
    }: Omit<ConvLayerOptions, 'stride' | 'padding' | 'dilation'> & { stride?: number; padding?: number | 'same' | 'valid'; dilation?: number } = {},
  ) {
    super();
    checkChannels('Conv1d', inChannels, outChannels, groups);
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.groups = groups;
    this.paddingMode = paddingMode;
    const fanIn = (inChannels / groups) * kernelSize;
    this.weight = new Parameter(init.pytorchDefault([outChannels, inChannels / groups, kernelSize], { dtype, generator }));
    this.bias = bias ? new Parameter(init.pytorchDefaultBias([outChannels], fanIn, { dtype, generator })) : null;
  }

  forward(x: Tensor): Tensor {
    const opts = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return F.conv1d(x, this.weight, this.bias, { ...opts, padding: this.padding });
    if (x.ndim !== 3) throw new Error(`Conv1d: input must be 3-D [N, C, L], got ${fmt(x.shape)}`);
    const [, , left, right] = borders(this.padding, [1, this.kernelSize], [1, this.dilation]);
    const padded = F.padImage(x, [0, 0, left, right], this.paddingMode);
    return F.conv1d(padded, this.weight, this.bias, { ...opts, padding: 0 });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}` +
      `${this.dilation > 1 ? `, dilation=${this.dilation}` : ''}${this.groups > 1 ? `, groups=${this.groups}` : ''}, bias=${this.bias !== null}`;
  }
}

/**
 * Transposed convolution (the adjoint of Conv2d, "deconvolution"), as torch.nn.ConvTranspose2d:
 * weight [inChannels, outChannels/groups, kh, kw]; output size (n − 1)s − 2p + d(k − 1) + outputPadding + 1.
 * Example: new ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 }).forward(randn([1, 16, 7, 7])) // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    {
      stride = 1, padding = 0, outputPadding = 0, dilation = 1, groups = 1, bias = true, dtype, generator,
    }: { stride?: Pair; padding?: Pair; outputPadding?: Pair; dilation?: Pair; groups?: number; bias?: boolean; dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    checkChannels('ConvTranspose2d', inChannels, outChannels, groups);
    this.kernelSize = pair(kernelSize);
    this.stride = pair(stride);
    this.padding = pair(padding);
    this.outputPadding = pair(outputPadding);
    this.dilation = pair(dilation);
    this.groups = groups;
    // PyTorch computes fan in from dim 1 of this weight: outChannels/groups·kh·kw
    const shape = [inChannels, outChannels / groups, ...this.kernelSize];
    const fanIn = (outChannels / groups) * this.kernelSize[0] * this.kernelSize[1];
    this.weight = new Parameter(init.pytorchDefault(shape, { dtype, generator }));
    this.bias = bias ? new Parameter(init.pytorchDefaultBias([outChannels], fanIn, { dtype, generator })) : null;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, outputPadding, dilation, groups } = this;
    return F.convTranspose2d(x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}` +
      `${this.outputPadding.some((v) => v) ? `, outputPadding=${fmt(this.outputPadding)}` : ''}${this.groups > 1 ? `, groups=${this.groups}` : ''}, bias=${this.bias !== null}`;
  }
}

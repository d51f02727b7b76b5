import * as F from '../autograd/functional.js';
import type { Pair, PoolOptions } from '../autograd/conv.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

const show = (v: Pair) => (typeof v === 'number' ? String(v) : fmt([...v]));

/**
 * Max over each kernel window, as torch.nn.MaxPool2d; stride defaults to the kernel size.
 * Example: new MaxPool2d(2).forward(randn([1, 6, 28, 28])) // [1, 6, 14, 14]
 */
export class MaxPool2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  readonly stride: Pair;
  constructor(
    readonly kernelSize: Pair,
    private readonly opts: PoolOptions = {},
  ) {
    super();
    this.stride = opts.stride ?? kernelSize;
  }
  forward(x: Tensor): Tensor {
    return F.maxPool2d(x, this.kernelSize, { ...this.opts, stride: this.stride });
  }
  override extraRepr(): string {
    return `kernelSize=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.opts.padding ?? 0)}${this.opts.ceilMode ? ', ceilMode=true' : ''}`;
  }
}

/**
 * Mean over each kernel window, as torch.nn.AvgPool2d (padding counts in the divisor unless
 * countIncludePad is false).
 * Example: new AvgPool2d(2).forward(randn([1, 6, 28, 28])) // [1, 6, 14, 14]
 */
export class AvgPool2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  readonly stride: Pair;
  constructor(
    readonly kernelSize: Pair,
    private readonly opts: Omit<PoolOptions, 'dilation'> & { countIncludePad?: boolean } = {},
  ) {
    super();
    this.stride = opts.stride ?? kernelSize;
  }
  forward(x: Tensor): Tensor {
    return F.avgPool2d(x, this.kernelSize, { ...this.opts, stride: this.stride });
  }
  override extraRepr(): string {
    return `kernelSize=${show(this.kernelSize)}, stride=${show(this.stride)}, padding=${show(this.opts.padding ?? 0)}`;
  }
}

/**
 * Averages each channel to a fixed [H, W] whatever the input size, as torch.nn.AdaptiveAvgPool2d.
 * Example: new AdaptiveAvgPool2d(1).forward(randn([2, 64, 7, 7])) // [2, 64, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly outputSize: Pair) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `outputSize=${show(this.outputSize)}`;
  }
}

/**
 * Global average pooling: the mean of each channel over all positions, [N, C, H, W] → [N, C]
 * (or [N, C, 1, 1] with keepdims), so a classifier head works on any image size.
 * Example: new GlobalAvgPool2d().forward(randn([2, 64, 7, 7])) // [2, 64]
 */
export class GlobalAvgPool2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly opts: { keepdims?: boolean } = {}) {
    super();
  }
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new Error(`GlobalAvgPool2d: input must be 4-D [N, C, H, W], got ${fmt(x.shape)}`);
    return x.mean([2, 3], this.opts.keepdims ?? false);
  }
  override extraRepr(): string {
    return this.opts.keepdims ? 'keepdims=true' : '';
  }
}

import * as F from '../autograd/functional.js';
import type { UpsampleOptions } from '../autograd/upsample.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Resizes images [N, C, H, W] to a size or by a scale factor, nearest or bilinear, as torch.nn.Upsample.
 * Example: new Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(randn([1, 3, 8, 8])) // [1, 3, 16, 16]
 */
export class Upsample extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly opts: UpsampleOptions) {
    super();
    if (opts.size === undefined && opts.scaleFactor === undefined) throw new Error('Upsample: give size or scaleFactor');
  }
  forward(x: Tensor): Tensor {
    return F.upsample(x, this.opts);
  }
  override extraRepr(): string {
    const { size, scaleFactor, mode = 'nearest' } = this.opts;
    return `${size !== undefined ? `size=${String(size)}` : `scaleFactor=${String(scaleFactor)}`}, mode=${mode}`;
  }
}

import { defaultGenerator, type Generator } from '../tensor/random.js';
import { fmt } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Channel dropout, as torch.nn.Dropout2d: in training, each whole feature map [n, c] of an
 * [N, C, H, W] input is zeroed with probability p and the rest scaled by 1/(1 − p). Neighbouring
 * pixels are strongly correlated, so dropping single pixels would barely regularize a conv layer.
 * Example: new Dropout2d(0.2).forward(randn([8, 32, 14, 14]))
 */
export class Dropout2d extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(
    readonly p = 0.5,
    private readonly opts: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout2d: probability must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new Error(`Dropout2d: input must be 4-D [N, C, H, W], got ${fmt(x.shape)}`);
    if (!this.training || this.p === 0) return x;
    const [n, c] = x.shape;
    const g = this.opts.generator ?? defaultGenerator();
    const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
    const mask = new (dtype === 'float64' ? Float64Array : Float32Array)(n * c);
    const keep = this.p === 1 ? 0 : 1 / (1 - this.p);
    for (let i = 0; i < mask.length; i++) mask[i] = g.next() < this.p ? 0 : keep;
    return x.mul(new Tensor(mask, [n, c, 1, 1], dtype)); // one draw per channel, broadcast over H, W
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

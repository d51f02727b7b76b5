import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Zeroes each element with probability p during training and scales the rest by 1/(1 − p), so
 * the expected value is unchanged; the identity when not training.
 * Example: dropout(x, { p: 0.5, training: true })
 */
export function dropout(x: Tensor, { p = 0.5, training = true, generator }: { p?: number; training?: boolean; generator?: Generator } = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout: probability must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const g = generator ?? defaultGenerator();
  const mask = new (x.dtype === 'float64' ? Float64Array : Float32Array)(x.size);
  const keep = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = g.next() < p ? 0 : keep;
  return x.mul(new Tensor(mask, [...x.shape], x.dtype === 'float64' ? 'float64' : 'float32'));
}

/** Dropout layer: active in training mode only. */
export class Dropout extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(
    readonly p = 0.5,
    private readonly opts: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: probability must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.opts.generator });
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

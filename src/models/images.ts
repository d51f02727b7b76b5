import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Images [N, C, H, W] as given, or flat rows [N, C·s·s] of square images reshaped to them, so a CNN
 * takes the same [N, 784] digits as an MLP (evaluation and prediction code stays shared).
 */
export function asImages(x: Tensor, channels: number): Tensor {
  if (x.ndim === 4) return x;
  const side = x.ndim === 2 ? Math.round(Math.sqrt(x.shape[1] / channels)) : NaN;
  if (side * side * channels !== x.shape[1])
    throw new Error(`expected images [N, ${channels}, H, W] or flat square images [N, ${channels}·H·W], got ${fmt(x.shape)}`);
  return x.reshape([x.shape[0], channels, side, side]);
}

import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { BatchNorm } from './batch-norm.js';

/**
 * Batch normalization of images [N, C, H, W], per channel over the batch and every position:
 * y = (x − μ_c) / √(σ²_c + ε)·γ_c + β_c, running statistics for evaluation as in PyTorch.
 * Example: const bn = new BatchNorm2d(32); bn.forward(randn([8, 32, 14, 14]))
 */
export class BatchNorm2d extends BatchNorm {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 4 || x.shape[1] !== this.numFeatures)
      throw new Error(`BatchNorm2d: expected input [N, ${this.numFeatures}, H, W], got ${fmt(x.shape)}`);
  }
}

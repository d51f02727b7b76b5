import { ones, zeros } from '../tensor/create.js';
import type { DType } from '../tensor/dtype.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * Normalizes over the last axes (normalizedShape) of each sample: (x − μ) / √(σ² + ε)·γ + β,
 * σ² biased, as PyTorch.
 * Example: new LayerNorm(64).forward(randn([8, 10, 64]))
 */
export class LayerNorm extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  readonly normalizedShape: number[];
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;
  constructor(
    normalizedShape: number | readonly number[],
    { eps = 1e-5, elementwiseAffine = true, bias = true, dtype = 'float32' }: { eps?: number; elementwiseAffine?: boolean; bias?: boolean; dtype?: DType } = {},
  ) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = eps;
    this.weight = elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype })) : null;
    this.bias = elementwiseAffine && bias ? new Parameter(zeros(this.normalizedShape, { dtype })) : null;
  }
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i]))
      throw new Error(`LayerNorm: input ${fmt(x.shape)} does not end in normalizedShape ${fmt(this.normalizedShape)}`);
    const axes = this.normalizedShape.map((_, i) => x.ndim - k + i);
    const mean = x.mean(axes, true);
    const variance = x.var(axes, { keepdims: true, correction: 0 });
    let y = x.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight) y = y.mul(this.weight);
    if (this.bias) y = y.add(this.bias);
    return y;
  }
  override extraRepr(): string {
    return `${fmt(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}

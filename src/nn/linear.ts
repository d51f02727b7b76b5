import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as init from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * y = x·Wᵀ + b over the last axis of x (any leading axes).
 * Example: linear(randn([8, 4]), w, b) // w: [3, 4], b: [3] → [8, 3]
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1])
    throw new Error(`linear: input ${fmt(x.shape)} does not end in ${weight.shape[1]} features (weight ${fmt(weight.shape)})`);
  // Computed as (W·xᵀ)ᵀ rather than x·Wᵀ: both are views the GEMM reads without copies, but this
  // way backward yields dW = gᵀ·x already in W's [out, in] layout, where x·Wᵀ yields dWᵀ and the
  // leaf gradient then needs a transposing copy (measured: a 784-256-10 MLP step 19 → 13 ms).
  const y = x.ndim === 1 ? weight.matmul(x) : weight.matmul(x.transpose(-1, -2)).transpose(-1, -2);
  return bias ? y.add(bias) : y;
}

/** y = x·Wᵀ + b, with W and b drawn from U(−1/√inFeatures, 1/√inFeatures) as in PyTorch. */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true, dtype, generator }: { bias?: boolean; dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    this.weight = new Parameter(init.pytorchDefault([outFeatures, inFeatures], { dtype, generator }));
    this.bias = bias ? new Parameter(init.pytorchDefaultBias([outFeatures], inFeatures, { dtype, generator })) : null;
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

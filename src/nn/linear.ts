import { apply } from '../autograd/engine.js';
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
  const inF = weight.shape[1];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF)
    throw new Error(`linear: input ${fmt(x.shape)} does not end in ${inF} features (weight ${fmt(weight.shape)})`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0]))
    throw new Error(`linear: bias ${fmt(bias.shape)} does not match weight ${fmt(weight.shape)}`);
  // one fused primitive over the rows of x as a matrix (see ops.linear)
  const rows = x.ndim === 2 ? x : x.reshape([-1, inF]);
  const y = apply('linear', bias ? [rows, weight, bias] : [rows, weight]);
  return x.ndim === 2 ? y : y.reshape([...x.shape.slice(0, -1), weight.shape[0]]);
}

/** y = x·Wᵀ + b, with W and b drawn from U(−1/√inFeatures, 1/√inFeatures) as in PyTorch. */
export class Linear extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
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

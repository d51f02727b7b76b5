import { noGrad } from '../autograd/engine.js';
import { ones, zeros } from '../tensor/create.js';
import type { DType } from '../tensor/dtype.js';
import { fmt } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

export interface BatchNormOptions {
  eps?: number;
  /** weight of the newest batch in the running statistics; null: a cumulative average */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: DType;
}

/**
 * The shared logic of BatchNorm1d and BatchNorm2d: statistics per channel (axis 1) over every
 * other axis. Subclasses only say which input ranks they accept.
 */
export abstract class BatchNorm extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;

  constructor(
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' }: BatchNormOptions = {},
  ) {
    super();
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    this.runningMean = trackRunningStats ? zeros([numFeatures], { dtype }) : null;
    this.runningVar = trackRunningStats ? ones([numFeatures], { dtype }) : null;
    this.numBatchesTracked = trackRunningStats ? zeros([], { dtype: 'int32' }) : null;
  }

  /** Throws unless x has a rank this layer accepts and numFeatures channels on axis 1. */
  protected abstract checkInput(x: Tensor): void;

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const bshape = [this.numFeatures, ...x.shape.slice(2).map(() => 1)]; // broadcasts against x
    const useBatch = this.training || !this.runningMean;
    let mean: Tensor;
    let variance: Tensor;
    if (useBatch) {
      const n = x.size / this.numFeatures;
      if (this.training && n <= 1)
        throw new Error(`${this.constructor.name}: expected more than 1 value per channel when training, got input ${fmt(x.shape)}`);
      mean = x.mean(axes, true);
      variance = x.var(axes, { keepdims: true, correction: 0 });
      if (this.training && this.runningMean) this.track(mean, variance, n);
    } else {
      mean = this.runningMean!.reshape(bshape);
      variance = this.runningVar!.reshape(bshape);
    }
    let y = x.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight) y = y.mul(this.weight.reshape(bshape)).add(this.bias!.reshape(bshape));
    return y;
  }

  /** running ← (1 − m)·running + m·batch, with the unbiased batch variance. */
  private track(mean: Tensor, variance: Tensor, n: number): void {
    noGrad(() => {
      const count = this.numBatchesTracked!;
      count.data[0] += 1;
      const m = this.momentum ?? 1 / count.data[0];
      const mu = mean.values();
      const v = variance.values();
      const rm = this.runningMean!.data;
      const rv = this.runningVar!.data;
      const unbias = n / (n - 1);
      for (let c = 0; c < this.numFeatures; c++) {
        rm[c] = (1 - m) * rm[c] + m * mu[c];
        rv[c] = (1 - m) * rv[c] + m * v[c] * unbias;
      }
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}

/**
 * Batch normalization over [N, C] or [N, C, L]: y = (x − μ) / √(σ² + ε)·γ + β, with μ and σ²
 * (biased) from the batch in training mode; running averages (unbiased variance) are kept for
 * evaluation, as in PyTorch (momentum 0.1, eps 1e-5).
 * Example: const bn = new BatchNorm1d(256); bn.forward(randn([64, 256]))
 */
export class BatchNorm1d extends BatchNorm {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  protected checkInput(x: Tensor): void {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures)
      throw new Error(`BatchNorm1d: expected input [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got ${fmt(x.shape)}`);
  }
}

import * as F from '../autograd/functional.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

// Activation layers: parameter-free wrappers of the functional forms.

/** max(x, 0). */
export class ReLU extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  forward(x: Tensor): Tensor {
    return F.relu(x);
  }
}
/** x for x > 0, negativeSlope·x otherwise. */
export class LeakyReLU extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}
/** x for x > 0, α(eˣ − 1) otherwise. */
export class ELU extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}
/** x·Φ(x) (exact), or its tanh approximation. */
export class GELU extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return this.approximate === 'none' ? '' : `approximate=${this.approximate}`;
  }
}
/** 1 / (1 + e⁻ˣ). */
export class Sigmoid extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  forward(x: Tensor): Tensor {
    return F.sigmoid(x);
  }
}
export class Tanh extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  forward(x: Tensor): Tensor {
    return F.tanh(x);
  }
}
/** log(1 + e^(βx)) / β; linear above βx > threshold, as PyTorch. */
export class Softplus extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
  }
  forward(x: Tensor): Tensor {
    const bx = this.beta === 1 ? x : x.mul(this.beta);
    const s = F.softplus(bx);
    return F.where(bx.gt(this.threshold), x, this.beta === 1 ? s : s.div(this.beta));
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}
/** eˣ / Σ eˣ along axis. */
export class Softmax extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.softmax(x, this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}
/** x − logsumexp(x) along axis. */
export class LogSoftmax extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.logSoftmax(x, this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}
/** Returns its input. */
export class Identity extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  forward(x: Tensor): Tensor {
    return x;
  }
}

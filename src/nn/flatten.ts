import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Merges axes startDim…endDim into one; by default every axis but the batch axis. */
export class Flatten extends Module {
  /** @internal see Module.isPureLayer */
  static readonly pureLayer = true;
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

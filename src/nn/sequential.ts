import { chain, Module } from './module.js';

/**
 * Layers applied in order; parameters are named by position (`0.weight`), as in PyTorch.
 * Example: new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10)).forward(x)
 */
export class Sequential extends Module {
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }
  protected override members(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }
  forward(x: unknown): any {
    return chain(x, this.layers);
  }
  append(layer: Module): this {
    this.layers.push(layer);
    return this;
  }
  get length(): number {
    return this.layers.length;
  }
  /** The layer at index i (negative counts from the end). */
  at(i: number): Module | undefined {
    return this.layers.at(i);
  }
}

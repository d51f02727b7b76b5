import type { Tensor } from '../tensor/tensor.js';
import { ELU, GELU, Identity, LeakyReLU, ReLU, Sigmoid, Tanh } from '../nn/activation.js';
import { BatchNorm1d } from '../nn/batch-norm.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';

export const activations = {
  relu: () => new ReLU(),
  leakyRelu: () => new LeakyReLU(),
  elu: () => new ELU(),
  gelu: () => new GELU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  identity: () => new Identity(),
};
export type ActivationName = keyof typeof activations;

/** A JSON-able description of an MLP, enough to rebuild it (weights are saved separately). */
export interface MLPConfig {
  type: 'mlp';
  /** layer widths from input to output, e.g. [784, 256, 10] */
  sizes: number[];
  activation: ActivationName;
  /** dropout probability after each hidden activation (0: none) */
  dropout: number;
  /** BatchNorm1d after each hidden Linear, before the activation */
  batchNorm: boolean;
  bias: boolean;
}

/**
 * A multilayer perceptron: Linear → [BatchNorm1d] → activation → [Dropout] per hidden layer, and
 * a final Linear (logits). Parameters are named layers.0.weight, layers.0.bias, …
 * Example: const model = mlp({ sizes: [784, 256, 10] }); model.forward(x) // [N, 10]
 */
export class MLP extends Module {
  readonly config: MLPConfig;
  readonly layers: Module[] = [];
  constructor(config: Partial<MLPConfig> & { sizes: number[] }) {
    super();
    const c: MLPConfig = { type: 'mlp', activation: 'relu', dropout: 0, batchNorm: false, bias: true, ...config, sizes: [...config.sizes] };
    if (c.type !== 'mlp') throw new Error(`MLP: config type must be 'mlp', got '${c.type}'`);
    if (c.sizes.length < 2 || c.sizes.some((s) => !(Number.isInteger(s) && s > 0)))
      throw new Error(`MLP: sizes must list at least two positive integers (input and output), got [${c.sizes.join(', ')}]`);
    if (!(c.activation in activations))
      throw new Error(`MLP: unknown activation '${c.activation}'; choose one of ${Object.keys(activations).join(', ')}`);
    if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`MLP: dropout must be in [0, 1), got ${c.dropout}`);
    this.config = c;
    for (let i = 0; i + 1 < c.sizes.length; i++) {
      this.layers.push(new Linear(c.sizes[i], c.sizes[i + 1], { bias: c.bias }));
      if (i + 2 === c.sizes.length) break; // no activation after the output layer
      if (c.batchNorm) this.layers.push(new BatchNorm1d(c.sizes[i + 1]));
      this.layers.push(activations[c.activation]());
      if (c.dropout > 0) this.layers.push(new Dropout(c.dropout));
    }
  }
  forward(x: Tensor): Tensor {
    let h = x.ndim > 2 ? x.flatten(1) : x; // images [N, 1, 28, 28] are flattened
    for (const layer of this.layers) h = layer.forward(h);
    return h;
  }
}

/** Builds an MLP; options left out take their defaults (ReLU, no dropout, no batch norm). */
export const mlp = (config: Partial<MLPConfig> & { sizes: number[] }) => new MLP(config);

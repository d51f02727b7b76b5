// The multilayer perceptron the lab's worker jobs train, built only from perceptio/nn, and the
// helpers that read its weights and gradients out as plain arrays for the pages to draw.
import { tensor, type Tensor } from 'perceptio';
import { Dropout, ELU, LeakyReLU, Linear, Module, ReLU, Sequential, Sigmoid, Tanh } from 'perceptio/nn';
import { Adam, SGD, type Optimizer } from 'perceptio/optim';

export const activations = ['relu', 'tanh', 'sigmoid', 'leakyRelu', 'elu', 'linear'] as const;
export type Activation = (typeof activations)[number];

export interface MlpSpec {
  inputs: number;
  /** widths of the hidden layers; [] is a single-layer perceptron */
  hidden: number[];
  outputs: number;
  activation: Activation;
  dropout?: number;
}

function activation(a: Activation): Module | null {
  switch (a) {
    case 'relu': return new ReLU();
    case 'tanh': return new Tanh();
    case 'sigmoid': return new Sigmoid();
    case 'leakyRelu': return new LeakyReLU(0.1);
    case 'elu': return new ELU();
    case 'linear': return null; // no nonlinearity: the network collapses to one linear map
  }
}

/** The network, and its Linear layers in order (the pages draw one column per layer). */
export function buildMlp(spec: MlpSpec): { model: Sequential; linears: Linear[] } {
  const layers: Module[] = [];
  const linears: Linear[] = [];
  let width = spec.inputs;
  for (const h of spec.hidden) {
    const l = new Linear(width, h);
    linears.push(l);
    layers.push(l);
    const act = activation(spec.activation);
    if (act) layers.push(act);
    if (spec.dropout) layers.push(new Dropout(spec.dropout));
    width = h;
  }
  const out = new Linear(width, spec.outputs);
  linears.push(out);
  layers.push(out);
  return { model: new Sequential(...layers), linears };
}

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export function makeOptimizer(name: OptimizerName, model: Module, lr: number, weightDecay = 0): Optimizer<any> {
  if (name === 'adam') return new Adam(model.parameters(), { lr, weightDecay });
  return new SGD(model.parameters(), { lr, weightDecay, momentum: name === 'momentum' ? 0.9 : 0 });
}

/** Rows [start, end) of a row-major matrix with `cols` columns, as a tensor. */
export function rows(x: Float32Array, cols: number, idx: ArrayLike<number>): Tensor {
  const out = new Float32Array(idx.length * cols);
  // element by element: a subarray per row cost ~3 µs in Chromium's worker (a batch: ~0.1 ms)
  for (let i = 0; i < idx.length; i++) for (let c = 0; c < cols; c++) out[i * cols + c] = x[idx[i] * cols + c];
  return tensor(out, { shape: [idx.length, cols] });
}

/** Each Linear layer's weights (and gradients, when present) as flat Float32Arrays [out, in]. */
export function weightsOf(linears: Linear[]): { weights: Float32Array[]; grads: Float32Array[] } {
  const copy = (t: Tensor | null | undefined, n: number) => (t ? Float32Array.from(t.values() as ArrayLike<number>) : new Float32Array(n));
  return {
    weights: linears.map((l) => copy(l.weight, l.weight.size)),
    grads: linears.map((l) => copy(l.weight.grad, l.weight.size)),
  };
}

/** A Fisher–Yates permutation of 0…n−1 from a seeded uniform source. */
export function permutation(n: number, next: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
